package io.fleetml.connect.fraud.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.connect.fraud.model.DenseLayer;
import io.fleetml.connect.fraud.model.DenseNetwork;
import io.fleetml.model.SharedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java engine reads SavedModels that Python TensorFlow exported, a TF1 graph and a TF2 Keras one, and computes
 * the scores TensorFlow computes from them: on 10,000 random inputs each, to 1e-5 relative.
 */
class SharedModelEqualityTest {
    private static final int RECORDS = 10_000;
    private static final double RELATIVE_TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {SharedModels.KERAS_DENSE_AUTOENCODER, SharedModels.TF1_HALF_PLUS_TWO})
    void javaEngineScoresEqualTensorFlowsOnTenThousandRandomRecords(String name, TestReporter reporter)
            throws UnsupportedGraphException, IOException {
        Path dir = SharedModels.require(name);
        SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
        Signature signature = bundle.function(Signature.DEFAULT_KEY).signature();
        try (ScoringEngine java = new JavaEngine(DenseChainReaderTest.read(dir));
             ScoringEngine tensorFlow = new TensorFlowEngine(bundle, signature)) {
            assertEquals(tensorFlow.inputSize(), java.inputSize());
            SplittableRandom random = new SplittableRandom(7);
            double worst = 0;
            for (int r = 0; r < RECORDS; r++) {
                float[] input = new float[java.inputSize()];
                for (int i = 0; i < input.length; i++) {
                    input[i] = (float) (random.nextGaussian() * 1.5);
                }
                double expected = tensorFlow.score(input);
                double actual = java.score(input);
                assertTrue(expected > 0, "a random input is never reconstructed exactly");
                worst = Math.max(worst, Math.abs(actual - expected) / expected);
            }
            reporter.publishEntry("max relative difference " + name, String.valueOf(worst));
            assertTrue(worst <= RELATIVE_TOLERANCE, "max relative difference " + worst + " for " + name);
        }
    }

    @Test
    void theKerasModelIsReadAsItsLayersAndReproducesItsReferenceOutputs() throws Exception {
        Path dir = SharedModels.require(SharedModels.KERAS_DENSE_AUTOENCODER);
        DenseNetwork network = DenseChainReaderTest.read(dir);
        assertEquals(List.of(16, 8, 4, 4, 8), network.layers().stream().map(DenseLayer::inputSize).toList());
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.RELU, Activation.RELU, Activation.SIGMOID),
                network.layers().stream().map(DenseLayer::activation).toList());
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        for (int r = 0; r < reference.get("inputs").size(); r++) {
            JsonNode in = reference.get("inputs").get(r);
            float[] input = new float[in.size()];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) in.get(i).asDouble();
            }
            float[] output = network.forward(input);
            JsonNode expected = reference.get("outputs").get(r);
            for (int i = 0; i < output.length; i++) {
                assertEquals(expected.get(i).asDouble(), output[i], 1e-5, "reference " + r + ", output " + i);
            }
        }
    }

    @Test
    void theTf1GraphIsReadAsOneLayerOfItsScaleAndOffset() throws Exception {
        DenseNetwork network = DenseChainReaderTest.read(SharedModels.require(SharedModels.TF1_HALF_PLUS_TWO));
        assertEquals(1, network.layers().size());
        assertEquals(12f, network.forward(new float[] {20f})[0]);
    }
}
