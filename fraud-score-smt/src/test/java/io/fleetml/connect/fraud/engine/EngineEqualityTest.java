package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.Activation;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java engine computes the score TensorFlow computes: on 10,000 random inputs per activation, through the weights
 * read from an exported SavedModel, the scores agree to 1e-5 relative.
 */
class EngineEqualityTest {
    private static final int RECORDS = 10_000;
    private static final int WIDTH = 14;
    private static final double RELATIVE_TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void javaEngineScoresEqualTensorFlowsOnTenThousandRandomRecords(Activation activation, TestReporter reporter)
            throws UnsupportedGraphException, IOException {
        Path dir = TestModels.builder(activation.ordinal() + 1, WIDTH)
                .layer(8, activation).layer(4, activation).layer(8, activation).layer(WIDTH, activation)
                .export(tmp.resolve(activation.name()));
        SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
        Signature signature = bundle.function(Signature.DEFAULT_KEY).signature();
        try (ScoringEngine java = new JavaEngine(DenseChainReaderTest.read(dir));
             ScoringEngine tensorFlow = new TensorFlowEngine(bundle, signature)) {
            assertEquals(WIDTH, java.inputSize());
            assertEquals(WIDTH, tensorFlow.inputSize());
            SplittableRandom random = new SplittableRandom(42);
            double worst = 0;
            for (int r = 0; r < RECORDS; r++) {
                float[] input = randomInput(random);
                double expected = tensorFlow.score(input);
                double actual = java.score(input);
                assertTrue(expected > 0, "a random input is never reconstructed exactly");
                worst = Math.max(worst, Math.abs(actual - expected) / expected);
            }
            reporter.publishEntry("max relative difference " + activation, String.valueOf(worst));
            assertTrue(worst <= RELATIVE_TOLERANCE, "max relative difference " + worst + " for " + activation);
        }
    }

    /** Mostly standardized values, as the normalizer gives them, with a tail of outliers as fraud gives. */
    private static float[] randomInput(SplittableRandom random) {
        float[] input = new float[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            double scale = random.nextInt(20) == 0 ? 25 : 1.5;
            input[i] = (float) (random.nextGaussian() * scale);
        }
        return input;
    }
}
