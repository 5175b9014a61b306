package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.FraudScoreConfig;
import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.connect.fraud.model.DenseLayer;
import io.fleetml.connect.fraud.model.DenseNetwork;
import io.fleetml.model.SharedModels;
import io.fleetml.model.graph.SavedModelGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    @EnumSource(value = TestModels.Weights.class)
    void readsVariablesAndConstantsFromASavedModel(TestModels.Weights weights) throws Exception {
        TestModels model = TestModels.autoencoder(5, 5, 3, Activation.TANH).weights(weights);
        DenseNetwork network = readExported(model);
        float[] input = {1f, 2f, 3f, 4f, 5f};
        assertArrayEquals(exported(model, Activation.TANH, Activation.TANH).forward(input), network.forward(input));
    }

    @Test
    void readsLayersWithoutBiasAsMatMulAlone() throws Exception {
        TestModels model = TestModels.autoencoder(7, 5, 3, Activation.SIGMOID).withoutBias();
        DenseNetwork network = readExported(model);
        float[] input = {1f, -2f, 3f, -4f, 5f};
        assertArrayEquals(exported(model, Activation.SIGMOID, Activation.SIGMOID).forward(input), network.forward(input));
    }

    @Test
    void readsTheAlphaOfLeakyRelu() throws Exception {
        TestModels model = TestModels.autoencoder(1, 4, 2, Activation.LEAKY_RELU).leakyReluAlpha(0.3f);
        DenseNetwork network = readExported(model);
        assertEquals(0.3f, (float) network.layers().get(0).alpha());
        List<DenseLayer> layers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            layers.add(new DenseLayer(model.weightsOf(i), model.biasOf(i), Activation.LEAKY_RELU, 0.3f));
        }
        float[] input = {-3f, 1f, -0.5f, 2f};
        assertArrayEquals(new DenseNetwork(layers).forward(input), network.forward(input));
    }

    @Test
    void softmaxAfterAnotherActivationIsUnsupportedNamingTheOp() {
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> readExported(
                TestModels.autoencoder(1, 4, 2, Activation.RELU).tail(TestModels.Tail.SOFTMAX)));
        assertTrue(e.getMessage().startsWith("layer 1 counted from the output: expected BiasAdd or MatMul, found Relu op"),
                e.getMessage());
    }

    @Test
    void concatenationIsUnsupportedNamingTheOp() {
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> readExported(
                TestModels.autoencoder(1, 4, 2, Activation.SIGMOID).tail(TestModels.Tail.CONCAT)));
        assertTrue(e.getMessage().startsWith("layer 1 counted from the output: expected an activation"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found Slice op 'Slice'"), e.getMessage());
    }

    @Test
    void anOpTheJavaEngineDoesNotKnowInsideAKerasFunctionIsNamedWithItsFunction() throws IOException {
        Path keras = SharedModels.require(SharedModels.KERAS_DENSE_AUTOENCODER);
        Path edited = Files.createDirectories(tmp.resolve("keras-digamma"));
        byte[] graph = Files.readAllBytes(keras.resolve("saved_model.pb"));
        // The op field of a NodeDef (field 2, length 7): Sigmoid becomes Digamma, an op of the same length.
        Files.write(edited.resolve("saved_model.pb"), replaceAll(graph, "\u0012\u0007Sigmoid", "\u0012\u0007Digamma"));
        Files.createSymbolicLink(edited.resolve("variables"), keras.resolve("variables"));
        UnsupportedGraphException e = assertThrows(UnsupportedGraphException.class, () -> read(edited));
        assertTrue(e.getMessage().startsWith("layer 1 counted from the output: expected an activation"), e.getMessage());
        assertTrue(e.getMessage().matches(".*found Digamma op 'sequential_1/dense_9/Sigmoid' in function "
                + "'__inference__wrapped_model_\\d+'"), e.getMessage());
    }

    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from), "the graph has " + from);
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private DenseNetwork readExported(TestModels model) throws UnsupportedGraphException, IOException {
        Path dir = model.export(tmp.resolve("model"));
        return read(dir);
    }

    /** The network the Java engine reads from the SavedModel in {@code dir}, through its default signature. */
    static DenseNetwork read(Path dir) throws UnsupportedGraphException, IOException {
        SavedModelGraphs.MetaGraph graph = SavedModelGraphs.parse(Files.readAllBytes(dir.resolve("saved_model.pb")))
                .get(0);
        return DenseChainReader.read(dir, graph, FraudScoreConfig.DEFAULT_SIGNATURE);
    }

    /**
     * The network the builder exported, made from its weights directly, independently of the reader; LeakyRelu with
     * the graph's alpha, a float attribute.
     */
    private static DenseNetwork exported(TestModels model, Activation... activations) {
        List<DenseLayer> layers = new ArrayList<>();
        for (int i = 0; i < activations.length; i++) {
            layers.add(new DenseLayer(model.weightsOf(i), model.biasOf(i), activations[i],
                    (float) Activation.LEAKY_RELU_ALPHA));
        }
        return new DenseNetwork(layers);
    }
}
