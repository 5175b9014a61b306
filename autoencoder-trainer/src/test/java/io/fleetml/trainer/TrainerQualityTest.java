package io.fleetml.trainer;

import io.fleetml.connect.fraud.features.Features;
import io.fleetml.connect.fraud.features.MissingFeature;
import io.fleetml.connect.fraud.model.ModelMetadata;
import io.fleetml.connect.fraud.model.Normalizer;
import io.fleetml.testkit.fleet.PaymentSimulator;
import io.fleetml.testkit.fleet.SimulatedPayment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trains through the command line on simulated payments and scores payments it never saw with the exported model. */
class TrainerQualityTest {
    private static final long SEED = 2026;
    private static final int TRAINING_PAYMENTS = 20_000;
    private static final int HELD_OUT_PAYMENTS = 4_000;

    @Test
    void exportedModelSeparatesHeldOutFraudWithRocAucAbove95Percent(@TempDir Path dir) throws Exception {
        PaymentSimulator fleet = new PaymentSimulator(SEED, 300);
        SinkLayout.write(dir.resolve("bucket"), "payments", fleet.payments(TRAINING_PAYMENTS));
        Path histogram = dir.resolve("errors.png");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TrainerMain.run(new String[] {
                "--input", dir.resolve("bucket/topics/payments").toString(),
                "--output", dir.resolve("models").toString(),
                "--label-field", SinkLayout.LABEL,
                "--epochs", "60", "--batch-size", "64", "--learning-rate", "0.003", "--patience", "5",
                "--seed", "7", "--histogram", histogram.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-30T04:15:00Z"), ZoneOffset.UTC));
        String progress = err.toString(StandardCharsets.UTF_8);
        assertEquals(TrainerMain.OK, exit, progress);
        assertTrue(progress.contains("epoch 1/60"), progress);
        assertTrue(progress.contains("ETA"), progress);

        Path model = dir.resolve("models/1");
        ModelMetadata metadata = ModelMetadata.read(model.resolve(ModelMetadata.FILE_NAME));
        assertEquals("1", metadata.version());
        assertEquals("2026-11-30T04:15:00Z", metadata.trainedAt());
        assertEquals(Features.parse(Features.PAYMENT_DEFAULTS, "features").names(), metadata.features());
        assertTrue(metadata.metrics().get("roc_auc") >= 0.95, metadata.metrics().toString());

        // Payments after the training ones, with more fraud so the held-out estimate rests on a few hundred frauds.
        List<SimulatedPayment> heldOut = fleet.withFraudRate(0.1).payments(TRAINING_PAYMENTS + HELD_OUT_PAYMENTS)
                .subList(TRAINING_PAYMENTS, TRAINING_PAYMENTS + HELD_OUT_PAYMENTS);
        double[] scores = score(model, metadata, heldOut);
        byte[] labels = new byte[heldOut.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = heldOut.get(i).fraud() ? TrainingRecords.FRAUD : TrainingRecords.NORMAL;
        }
        double auc = Evaluation.rocAuc(scores, labels);
        System.out.printf("held-out ROC AUC %.4f on %d payments; trainer printed:%n%s", auc, heldOut.size(), out);
        assertTrue(auc >= 0.95, "held-out ROC AUC " + auc);

        BufferedImage image = ImageIO.read(histogram.toFile());
        assertNotNull(image, "histogram is a readable PNG");
        assertEquals(900, image.getWidth());
    }

    /** Reconstruction errors from the exported SavedModel, with the features and normalization its metadata names. */
    private static double[] score(Path model, ModelMetadata metadata, List<SimulatedPayment> payments) throws MissingFeature {
        Features features = Features.of(metadata.features(), "features");
        Normalizer normalizer = Normalizer.of(metadata);
        int width = features.width();
        float[] rows = new float[payments.size() * width];
        for (int i = 0; i < payments.size(); i++) {
            float[] row = normalizer.normalize(features.extract(payments.get(i).value()));
            System.arraycopy(row, 0, rows, i * width, width);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
             TFloat32 input = TFloat32.tensorOf(Shape.of(payments.size(), width), DataBuffers.of(rows, true, false));
             Result result = bundle.function(Autoencoder.SIGNATURE_KEY).call(Map.<String, Tensor>of(Autoencoder.INPUT, input))) {
            TFloat32 errors = (TFloat32) result.get(Autoencoder.ERROR_OUTPUT).orElseThrow();
            double[] scores = new double[payments.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = errors.getFloat(i);
            }
            return scores;
        }
    }
}
