package io.fleetml.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHistogramTest {
    /** Whether some pixel is clearly red (the fraud series) or blue (the normal series), not grey text or white. */
    private static boolean hasPixel(BufferedImage image, boolean red) {
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int b = rgb & 0xff;
                if (red ? r - b > 80 : b - r > 80) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void normalAndFraudAreDrawnApartIntoAPngOfTheChartsSize(@TempDir Path dir) throws Exception {
        Random random = new Random(1);
        double[] errors = new double[1_100];
        byte[] labels = new byte[errors.length];
        for (int i = 0; i < errors.length; i++) {
            boolean fraud = i >= 1_000;
            labels[i] = fraud ? TrainingRecords.FRAUD : TrainingRecords.NORMAL;
            errors[i] = Math.exp(random.nextGaussian() + (fraud ? 3 : -1));
        }
        errors[0] = 0;
        Path png = dir.resolve("errors.png");
        ErrorHistogram.write(png, errors, labels, 2.5, "test");

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG ImageIO decodes");
        assertEquals(ErrorHistogram.WIDTH, image.getWidth());
        assertEquals(ErrorHistogram.HEIGHT, image.getHeight());
        assertTrue(hasPixel(image, true), "fraud bars are drawn");
        assertTrue(hasPixel(image, false), "normal bars are drawn");
    }

    @Test
    void unlabeledErrorsAreDrawnInOneSeriesWithoutClassColors(@TempDir Path dir) throws Exception {
        double[] errors = {0.01, 0.02, 0.5, 3};
        byte[] labels = new byte[errors.length];
        Arrays.fill(labels, TrainingRecords.UNLABELED);
        Path png = dir.resolve("errors.png");
        ErrorHistogram.write(png, errors, labels, 1, "unlabeled");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertTrue(!hasPixel(image, true) && !hasPixel(image, false), "no class colors without labels");
    }

    @Test
    void errorsAndLabelsOfDifferentLengthsAreRefused(@TempDir Path dir) {
        assertEquals("2 errors for 1 labels", assertThrows(IllegalArgumentException.class, () -> ErrorHistogram.write(
                dir.resolve("x.png"), new double[] {1, 2}, new byte[] {TrainingRecords.NORMAL}, 1, "x")).getMessage());
    }
}
