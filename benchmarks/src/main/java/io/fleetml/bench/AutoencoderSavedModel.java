package io.fleetml.bench;

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
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exports the trainer's default autoencoder shape (n-16-8-16-n, tanh hidden layers, linear output; op and variable
 * names as the trainer gives them) with seeded Glorot-uniform weights, plus a {@code fleetml-model.json} whose features
 * are the top-level fields {@code f0..f<n-1>} with mean 0 and std 1. Untrained: the benchmark measures the cost of a
 * forward pass, which does not depend on the weights' values.
 *
 * <p>Built here rather than with the trainer's {@code Autoencoder} because that export's signature has a second output
 * (the per-row error), and the fraud-score SMT takes signatures with exactly one output.
 */
final class AutoencoderSavedModel {
    static final String SIGNATURE = Signature.DEFAULT_KEY;
    static final String VERSION = "bench-autoencoder-1";
    static final List<Integer> HIDDEN = List.of(16, 8, 16);
    static final double THRESHOLD = 1.0;

    private AutoencoderSavedModel() {
    }

    /** Writes the SavedModel and its metadata into {@code dir} (created if missing) and returns {@code dir}. */
    static Path export(Path dir, int inputs, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.withName("features").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, inputs)));
            List<Integer> sizes = new ArrayList<>(HIDDEN);
            sizes.add(inputs);
            Operand<TFloat32> h = x;
            int in = inputs;
            for (int i = 0; i < sizes.size(); i++) {
                int out = sizes.get(i);
                Operand<TFloat32> w = tf.withName("dense_" + i + "_weights").variable(tf.constant(glorotUniform(in, out, random)));
                Operand<TFloat32> b = tf.withName("dense_" + i + "_bias").variable(tf.constant(new float[out]));
                Ops layer = tf.withSubScope("dense_" + i);
                h = layer.nn.biasAdd(layer.linalg.matMul(h, w), b);
                if (i < sizes.size() - 1) {
                    h = layer.math.tanh(h);
                }
                in = out;
            }
            Operand<TFloat32> y = tf.withName("reconstruction").identity(h);
            session.initialize();
            Files.createDirectories(dir);
            Signature signature = Signature.builder().key(SIGNATURE).input("features", x).output("reconstruction", y).build();
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            features.add("f" + i);
        }
        double[] std = new double[inputs];
        Arrays.fill(std, 1.0);
        new ModelMetadata(VERSION, features, new double[inputs], std, THRESHOLD, "2026-01-01T00:00:00Z", Map.of())
                .write(dir.resolve(ModelMetadata.FILE_NAME));
        return dir;
    }

    private static float[][] glorotUniform(int in, int out, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[][] w = new float[in][out];
        for (float[] row : w) {
            for (int o = 0; o < out; o++) {
                row[o] = (float) random.nextDouble(-limit, limit);
            }
        }
        return w;
    }
}
