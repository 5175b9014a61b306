package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.model.metadata.ModelMetadata;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds small SavedModels the way the trainer exports them (TensorFlow Java graph mode, variables, a
 * {@code serving_default} signature) plus their {@code fleetml-model.json}, so tests load real models from disk.
 * Weights are drawn from a seed, so a model can be rebuilt identically.
 */
public final class TestModels {
    public static final String INPUT_NAME = "features";
    public static final String OUTPUT_NAME = "reconstruction";
    public static final String VERSION = "test-model-1";
    public static final double THRESHOLD = 0.5;

    /** How the weights of a layer are held in the graph, as the different TensorFlow APIs create them. */
    public enum Weights {
        /** {@code tf.variable}: reference variables ({@code VariableV2}). */
        REF_VARIABLE,
        /** Weights frozen into the graph as {@code Const}. */
        CONSTANT
    }

    /** What follows the last dense layer of the graph. */
    public enum Tail {
        /** Nothing: the signature output is the last layer (through an {@code Identity}). */
        NONE,
        /** A {@code Softmax} after the last layer's activation: two activations in a row, which no dense layer has. */
        SOFTMAX,
        /** The last layer's output concatenated with itself and sliced back: an op chain the Java engine does not know. */
        CONCAT
    }

    private final long seed;
    private final int inputs;
    private final List<int[]> layers = new ArrayList<>();
    private final List<Activation> activations = new ArrayList<>();
    private Weights weights = Weights.REF_VARIABLE;
    private Tail tail = Tail.NONE;
    private boolean biased = true;
    private String version = VERSION;
    private float leakyReluAlpha = (float) Activation.LEAKY_RELU_ALPHA;
    private List<String> features;
    private double[] mean;
    private double[] std;

    private TestModels(long seed, int inputs) {
        this.seed = seed;
        this.inputs = inputs;
    }

    /** A model taking {@code inputs} numbers, whose features default to the top-level fields f0, f1, ... */
    public static TestModels builder(long seed, int inputs) {
        return new TestModels(seed, inputs);
    }

    /** An autoencoder {@code inputs → hidden → inputs} with {@code activation} on every layer. */
    public static TestModels autoencoder(long seed, int inputs, int hidden, Activation activation) {
        return builder(seed, inputs).layer(hidden, activation).layer(inputs, activation);
    }

    public TestModels layer(int outputs, Activation activation) {
        int in = layers.isEmpty() ? inputs : layers.get(layers.size() - 1)[1];
        layers.add(new int[] {in, outputs});
        activations.add(activation);
        return this;
    }

    public TestModels weights(Weights kind) {
        this.weights = kind;
        return this;
    }

    /** Layers of MatMul and activation alone, as a Keras Dense layer with {@code use_bias=False} exports. */
    public TestModels withoutBias() {
        this.biased = false;
        return this;
    }

    public TestModels tail(Tail kind) {
        this.tail = kind;
        return this;
    }

    /** The alpha of LeakyRelu layers, 0.2 (the Java engine's) unless set. */
    public TestModels leakyReluAlpha(float alpha) {
        this.leakyReluAlpha = alpha;
        return this;
    }

    /** The version written to {@code fleetml-model.json}, {@link #VERSION} unless set. */
    public TestModels version(String modelVersion) {
        this.version = modelVersion;
        return this;
    }

    /** The features, mean and std written to {@code fleetml-model.json}; by default f0..fn, mean 0, std 1. */
    public TestModels metadata(List<String> features, double[] mean, double[] std) {
        this.features = features;
        this.mean = mean;
        this.std = std;
        return this;
    }

    /** The weights [in][out] of layer {@code index}, as exported. */
    public float[][] weightsOf(int index) {
        return values(index)[0];
    }

    /** The bias of layer {@code index}, as exported: zeros when the layers have none. */
    public float[] biasOf(int index) {
        float[] bias = values(index)[1][0];
        return biased ? bias : new float[bias.length];
    }

    /** Exports the SavedModel and its metadata into {@code dir} and returns {@code dir}. */
    public Path export(Path dir) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Signature signature = build(graph);
            session.initialize();
            Files.createDirectories(dir);
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
            writeMetadata(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the model to {@code graph} and returns its serving signature; initialize a session on it before use. */
    public Signature build(Graph graph) {
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> x = tf.withName(INPUT_NAME).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputs)));
        Operand<TFloat32> h = x;
        for (int i = 0; i < layers.size(); i++) {
            float[][][] wb = values(i);
            Operand<TFloat32> w = parameter(tf, "w" + i, wb[0]);
            Operand<TFloat32> product = tf.linalg.matMul(h, w);
            h = activate(tf, biased ? tf.nn.biasAdd(product, parameter(tf, "b" + i, wb[1][0])) : product,
                    activations.get(i));
        }
        h = switch (tail) {
            case NONE -> h;
            case SOFTMAX -> tf.nn.softmax(h);
            case CONCAT -> tf.slice(tf.concat(List.of(h, h), tf.constant(1)), tf.constant(new int[] {0, 0}),
                    tf.constant(new int[] {-1, layers.get(layers.size() - 1)[1]}));
        };
        Operand<TFloat32> y = tf.withName(OUTPUT_NAME).identity(h);
        return Signature.builder().key(Signature.DEFAULT_KEY).input(INPUT_NAME, x).output(OUTPUT_NAME, y).build();
    }

    private void writeMetadata(Path dir) throws IOException {
        List<String> names = features;
        double[] m = mean;
        double[] s = std;
        if (names == null) {
            names = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                names.add("f" + i);
            }
            m = new double[inputs];
            s = new double[inputs];
            Arrays.fill(s, 1.0);
        }
        new ModelMetadata(version, names, m, s, THRESHOLD, "2025-11-24T16:00:00Z", Map.of("roc_auc", 0.9))
                .write(dir.resolve(ModelMetadata.FILE_NAME));
    }

    private Operand<TFloat32> parameter(Ops tf, String name, float[][] values) {
        return switch (weights) {
            case REF_VARIABLE -> tf.withName(name).variable(tf.constant(values));
            case CONSTANT -> tf.withName(name).constant(values);
        };
    }

    private Operand<TFloat32> parameter(Ops tf, String name, float[] values) {
        return switch (weights) {
            case REF_VARIABLE -> tf.withName(name).variable(tf.constant(values));
            case CONSTANT -> tf.withName(name).constant(values);
        };
    }

    private Operand<TFloat32> activate(Ops tf, Operand<TFloat32> z, Activation activation) {
        return switch (activation) {
            case RELU -> tf.nn.relu(z);
            case TANH -> tf.math.tanh(z);
            case SIGMOID -> tf.math.sigmoid(z);
            case ELU -> tf.nn.elu(z);
            case SELU -> tf.nn.selu(z);
            case LEAKY_RELU -> tf.nn.leakyRelu(z, LeakyRelu.alpha(leakyReluAlpha));
            case SOFTMAX -> tf.nn.softmax(z);
            case LINEAR -> z;
        };
    }

    /** Weights and bias of layer {@code index}: Glorot-like uniform weights and small biases from the seed. */
    private float[][][] values(int index) {
        int in = layers.get(index)[0];
        int out = layers.get(index)[1];
        SplittableRandom random = new SplittableRandom(seed * 31 + index);
        double limit = Math.sqrt(6.0 / (in + out));
        float[][] w = new float[in][out];
        for (float[] row : w) {
            for (int o = 0; o < out; o++) {
                row[o] = (float) random.nextDouble(-limit, limit);
            }
        }
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            b[o] = (float) random.nextDouble(-0.1, 0.1);
        }
        return new float[][][] {w, {b}};
    }
}
