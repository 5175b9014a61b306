package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.connect.fraud.model.DenseLayer;
import io.fleetml.connect.fraud.model.DenseNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseChainReaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void readsEachActivationAndTheExportedWeightsOfEveryLayer(Activation activation) throws Exception {
        TestModels model = TestModels.builder(11, 6).layer(4, activation).layer(3, Activation.LINEAR).layer(6, activation);
        DenseNetwork network = readExported(model);

        assertEquals(List.of(activation, Activation.LINEAR, activation),
                network.layers().stream().map(DenseLayer::activation).toList());
        assertEquals(6, network.inputSize());
        assertEquals(6, network.outputSize());
        float[] input = {0.5f, -1f, 2f, 0f, -0.25f, 1.5f};
        assertArrayEquals(exported(model, activation, Activation.LINEAR, activation).forward(input), network.forward(input));
    }

    @ParameterizedTest
    @EnumSource(value = TestModels.Weights.class, names = {"REF_VARIABLE", "CONSTANT"})
    void readsVariablesAndConstantsFromASavedModel(TestModels.Weights weights) throws Exception {
        TestModels model = TestModels.autoencoder(5, 5, 3, Activation.TANH).weights(weights);
        DenseNetwork network = readExported(model);
        float[] input = {1f, 2f, 3f, 4f, 5f};
        assertArrayEquals(exported(model, Activation.TANH, Activation.TANH).forward(input), network.forward(input));
    }

    @Test
    void readsResourceVariablesThroughReadVariableOp() throws Exception {
        TestModels model = TestModels.autoencoder(5, 5, 3, Activation.RELU).weights(TestModels.Weights.RESOURCE_VARIABLE);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Signature signature = model.build(graph);
            session.initialize();
            DenseNetwork network = DenseChainReader.read(session, signature);
            float[] input = {1f, -2f, 3f, -4f, 5f};
            assertArrayEquals(exported(model, Activation.RELU, Activation.RELU).forward(input), network.forward(input));
        }
    }

    @Test
    void softmaxAfterTheLastLayerIsUnsupportedNamingTheOp() {
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> readExported(
                TestModels.autoencoder(1, 4, 2, Activation.RELU).tail(TestModels.Tail.SOFTMAX)));
        assertEquals("layer 1 counted from the output: expected an activation (Elu, LeakyRelu, Relu, Selu, Sigmoid, "
                + "Tanh) or BiasAdd, found Softmax op 'Softmax'", e.getMessage());
    }

    @Test
    void concatenationIsUnsupportedNamingTheOp() {
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> readExported(
                TestModels.autoencoder(1, 4, 2, Activation.SIGMOID).tail(TestModels.Tail.CONCAT)));
        assertTrue(e.getMessage().startsWith("layer 1 counted from the output: expected an activation"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found Slice op 'Slice'"), e.getMessage());
    }

    @Test
    void leakyReluWithAnotherAlphaIsUnsupported() {
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> readExported(
                TestModels.autoencoder(1, 4, 2, Activation.LEAKY_RELU).leakyReluAlpha(0.3f)));
        assertEquals("layer 1 counted from the output: LeakyRelu 'LeakyRelu_1' has alpha 0.3, the Java engine "
                + "implements alpha 0.2", e.getMessage());
    }

    private DenseNetwork readExported(TestModels model) throws UnsupportedGraphException {
        Path dir = model.export(tmp.resolve("model"));
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
            return DenseChainReader.read(bundle.session(), bundle.function(Signature.DEFAULT_KEY).signature());
        }
    }

    /** The network the builder exported, made from its weights directly, independently of the reader. */
    private static DenseNetwork exported(TestModels model, Activation... activations) {
        List<DenseLayer> layers = new ArrayList<>();
        for (int i = 0; i < activations.length; i++) {
            layers.add(new DenseLayer(model.weightsOf(i), model.biasOf(i), activations[i]));
        }
        return new DenseNetwork(layers);
    }
}
