package io.fleetml.trainer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws a PNG histogram of reconstruction errors on a logarithmic x axis, with the threshold as a vertical line. With
 * labels, normal and fraud records are drawn in two colors, each as its share of its own class per bin, so a few dozen
 * frauds stay visible beside thousands of normal records. Needs no display.
 */
public final class ErrorHistogram {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int BINS = 60;
    private static final Color NORMAL = new Color(31, 119, 180, 170);
    private static final Color FRAUD = new Color(214, 39, 40, 170);
    private static final Color ALL = new Color(90, 90, 90, 200);

    private ErrorHistogram() {
    }

    /** {@code labels} has one entry per error (see {@link TrainingRecords}); unlabeled entries count as "all". */
    public static void write(Path png, double[] errors, byte[] labels, double threshold, String title) throws IOException {
        if (errors.length != labels.length) {
            throw new IllegalArgumentException(errors.length + " errors for " + labels.length + " labels");
        }
        // A log axis needs positive values; an exact reconstruction (error 0) is drawn in the lowest bin.
        double min = Double.POSITIVE_INFINITY;
        double max = threshold > 0 ? threshold : Double.MIN_NORMAL;
        for (double e : errors) {
            if (e > 0) {
                min = Math.min(min, e);
            }
            max = Math.max(max, e);
        }
        if (threshold > 0) {
            min = Math.min(min, threshold);
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = max / 10;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        if (hi <= lo) {
            hi = lo + 1;
        }

        boolean labeled = false;
        for (byte label : labels) {
            labeled |= label != TrainingRecords.UNLABELED;
        }
        double[][] shares = new double[3][BINS];
        long[] totals = new long[3];
        for (int i = 0; i < errors.length; i++) {
            int series = !labeled || labels[i] == TrainingRecords.UNLABELED ? 2 : labels[i];
            double position = errors[i] > 0 ? (Math.log10(errors[i]) - lo) / (hi - lo) : 0;
            int bin = Math.min(BINS - 1, Math.max(0, (int) (position * BINS)));
            shares[series][bin]++;
            totals[series]++;
        }
        double top = 0;
        for (int s = 0; s < 3; s++) {
            for (int b = 0; b < BINS; b++) {
                shares[s][b] = totals[s] == 0 ? 0 : shares[s][b] / totals[s];
                top = Math.max(top, shares[s][b]);
            }
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotWidth = WIDTH - LEFT - RIGHT;
            int plotHeight = HEIGHT - TOP - BOTTOM;
            double binWidth = (double) plotWidth / BINS;
            Color[] colors = {NORMAL, FRAUD, ALL};
            for (int s = 0; s < 3; s++) {
                g.setColor(colors[s]);
                for (int b = 0; b < BINS; b++) {
                    int h = (int) Math.round(shares[s][b] / top * plotHeight);
                    g.fillRect(LEFT + (int) (b * binWidth), TOP + plotHeight - h, (int) Math.ceil(binWidth), h);
                }
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotWidth, plotHeight);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int decade = (int) lo; decade <= (int) hi; decade++) {
                int x = LEFT + (int) Math.round((decade - lo) / (hi - lo) * plotWidth);
                g.drawLine(x, TOP + plotHeight, x, TOP + plotHeight + 5);
                g.drawString("1e" + decade, x - 12, TOP + plotHeight + 20);
            }
            g.drawString("reconstruction error (log scale)", LEFT + plotWidth / 2 - 90, HEIGHT - 15);
            g.drawString(String.format(Locale.ROOT, "%.0f%%", top * 100), 10, TOP + 10);
            g.drawString("share of class", 5, TOP + plotHeight / 2);
            if (threshold > 0) {
                int x = LEFT + (int) Math.round((Math.log10(threshold) - lo) / (hi - lo) * plotWidth);
                g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                g.drawLine(x, TOP, x, TOP + plotHeight);
                g.drawString(String.format(Locale.ROOT, "threshold %.4g", threshold), x + 4, TOP + 14);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int legendY = TOP + 30;
            String[] names = {"normal (" + totals[0] + ")", "fraud (" + totals[1] + ")", "unlabeled (" + totals[2] + ")"};
            for (int s = 0; s < 3; s++) {
                if (totals[s] > 0) {
                    g.setColor(colors[s]);
                    g.fillRect(WIDTH - RIGHT - 170, legendY - 10, 12, 12);
                    g.setColor(Color.BLACK);
                    g.drawString(names[s], WIDTH - RIGHT - 152, legendY);
                    legendY += 18;
                }
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }
}
