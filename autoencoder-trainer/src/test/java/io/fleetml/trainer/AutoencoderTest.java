package io.fleetml.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoencoderTest {
    private static final int WIDTH = 6;

    /** Points on a 2-dimensional plane inside 6 dimensions, plus a little noise: an autoencoder with a 2-wide code learns it. */
    private static FeatureMatrix plane(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * WIDTH];
        for (int r = 0; r < rows; r++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double[] x = {a, b, a + b, a - b, 0.5 * a, -b};
            for (int c = 0; c < WIDTH; c++) {
                values[r * WIDTH + c] = (float) (x[c] + 0.01 * random.nextGaussian());
            }
        }
        return new FeatureMatrix(values, WIDTH);
    }

    /** Points off the plane: each coordinate independent. */
    private static FeatureMatrix offPlane(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FeatureMatrix(values, WIDTH);
    }

    private static TrainingOptions options(int epochs, int patience) {
        return options(epochs, patience, 0);
    }

    private static TrainingOptions options(int epochs, int patience, double trim) {
        return new TrainingOptions(List.of(8, 2, 8), TrainingOptions.HiddenActivation.TANH, epochs, 32, 0.01f, 0.2,
                patience, 99, 7, trim);
    }

    /** Rows of {@code a}, then of {@code b}. */
    private static FeatureMatrix concat(FeatureMatrix a, FeatureMatrix b) {
        float[] values = new float[(a.rows() + b.rows()) * WIDTH];
        float[] row = new float[WIDTH];
        for (int r = 0; r < a.rows() + b.rows(); r++) {
            FeatureMatrix from = r < a.rows() ? a : b;
            from.copyRange(r < a.rows() ? r : r - a.rows(), (r < a.rows() ? r : r - a.rows()) + 1, row);
            System.arraycopy(row, 0, values, r * WIDTH, WIDTH);
        }
        return new FeatureMatrix(values, WIDTH);
    }

    /** Points in a tight cluster off the plane: anomalies alike enough for the network to learn them if let. */
    private static FeatureMatrix cluster(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (3 + 0.05 * random.nextGaussian());
        }
        return new FeatureMatrix(values, WIDTH);
    }

    /** Mean error of the cluster over mean error on the plane, after training on the plane with 10 % of rows in it. */
    private static double separation(double trim) {
        try (Autoencoder autoencoder = new Autoencoder(WIDTH, options(15, 15, trim))) {
            autoencoder.fit(concat(plane(1350, 1), cluster(150, 11)), concat(plane(270, 2), cluster(30, 12)), report -> { });
            return mean(autoencoder.reconstructionErrors(cluster(200, 4))) / mean(autoencoder.reconstructionErrors(plane(200, 3)));
        }
    }

    @Test
    void trimmingKeepsAnomaliesAmongTheTrainingRecordsFromBeingLearned() {
        double untrimmed = separation(0);
        double trimmed = separation(0.15);
        // Measured: about 0.3 untrimmed (the cluster is reconstructed better than the plane) and 180 trimmed.
        assertTrue(untrimmed < 1 && trimmed > 10, "off-plane over on-plane error: trimmed " + trimmed + ", untrimmed " + untrimmed);
    }

    @Test
    void learnsTheDataSoRecordsOffItReconstructWorse() {
        try (Autoencoder autoencoder = new Autoencoder(WIDTH, options(15, 15))) {
            List<EpochReport> heard = new ArrayList<>();
            TrainingHistory history = autoencoder.fit(plane(1500, 1), plane(300, 2), heard::add);

            assertEquals(history.epochs(), heard);
            EpochReport first = history.epochs().get(0);
            assertTrue(history.best().validationLoss() < first.validationLoss() / 5,
                    "validation loss fell from " + first.validationLoss() + " to " + history.best().validationLoss());
            double onPlane = mean(autoencoder.reconstructionErrors(plane(200, 3)));
            double offPlane = mean(autoencoder.reconstructionErrors(offPlane(200, 4)));
            assertTrue(offPlane > 5 * onPlane, "off the plane " + offPlane + ", on it " + onPlane);
        }
    }

    @Test
    void stopsEarlyAndKeepsTheBestEpochsWeights() {
        // A learning rate this high makes the validation loss jump around, so it stops improving long before 200 epochs.
        TrainingOptions jumpy = new TrainingOptions(List.of(8, 2, 8), TrainingOptions.HiddenActivation.RELU, 200, 16,
                0.2f, 0.2, 2, 99, 3, 0);
        FeatureMatrix validation = plane(200, 6);
        try (Autoencoder autoencoder = new Autoencoder(WIDTH, jumpy)) {
            TrainingHistory history = autoencoder.fit(plane(400, 5), validation, report -> { });

            assertTrue(history.stoppedEarly(), "ran " + history.epochs().size() + " epochs");
            assertEquals(history.bestEpoch() + 2, history.epochs().size());
            assertEquals(history.best().validationLoss(), mean(autoencoder.reconstructionErrors(validation)), 1e-6);
        }
    }

    @Test
    void sameSeedNearlyTheSameModel() {
        double[] first;
        double[] second;
        FeatureMatrix probe = offPlane(50, 9);
        try (Autoencoder a = new Autoencoder(WIDTH, options(3, 3))) {
            a.fit(plane(500, 1), plane(100, 2), report -> { });
            first = a.reconstructionErrors(probe);
        }
        try (Autoencoder b = new Autoencoder(WIDTH, options(3, 3))) {
            b.fit(plane(500, 1), plane(100, 2), report -> { });
            second = b.reconstructionErrors(probe);
        }
        // TensorFlow's CPU kernels are not bit-reproducible from run to run (summation order can vary), so two runs
        // with one seed agree closely but not exactly.
        assertEquals(mean(first), mean(second), 0.1 * mean(first), "mean probe error of two runs with one seed");
    }

    @Test
    void exportedSavedModelServesTheSameErrors(@TempDir Path dir) throws Exception {
        FeatureMatrix probe = offPlane(20, 11);
        double[] expected;
        try (Autoencoder autoencoder = new Autoencoder(WIDTH, options(2, 2))) {
            autoencoder.fit(plane(300, 1), plane(60, 2), report -> { });
            expected = autoencoder.reconstructionErrors(probe);
            autoencoder.export(dir.resolve("1"));
        }
        float[] rows = new float[probe.rows() * WIDTH];
        probe.copyRange(0, probe.rows(), rows);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.resolve("1").toString(), "serve");
             TFloat32 input = TFloat32.tensorOf(Shape.of(probe.rows(), WIDTH), DataBuffers.of(rows, true, false));
             Result result = bundle.function(Autoencoder.SIGNATURE_KEY).call(Map.<String, Tensor>of(Autoencoder.INPUT, input))) {
            TFloat32 errors = (TFloat32) result.get(Autoencoder.ERROR_OUTPUT).orElseThrow();
            TFloat32 reconstruction = (TFloat32) result.get(Autoencoder.OUTPUT).orElseThrow();
            assertEquals(Shape.of(probe.rows(), WIDTH), reconstruction.shape());
            for (int r = 0; r < probe.rows(); r++) {
                assertEquals(expected[r], errors.getFloat(r), 1e-6 * Math.max(1, expected[r]));
            }
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
