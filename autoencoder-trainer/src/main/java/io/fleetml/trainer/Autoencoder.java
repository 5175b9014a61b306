package io.fleetml.trainer;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A dense autoencoder in a TensorFlow graph: input {@code [-1, n]}, hidden layers of the configured sizes and
 * activation, a linear output layer of width n, trained with Adam on the mean squared reconstruction error. Layer i
 * is the op chain {@code dense_<i>/MatMul → dense_<i>/BiasAdd → dense_<i>/Tanh|Relu} (no activation op on the last
 * layer) over the variables {@code dense_<i>_weights} {@code [in, out]} and {@code dense_<i>_bias} {@code [out]}, which is
 * what the fraud-score SMT reads back into its plain-Java network.
 *
 * <p>Reproducible: the initial weights come from a {@link Random} seeded with the options' seed, batches are shuffled
 * with the same seed, and the session runs each op on one thread, so the floating-point sums happen in the same order
 * on every run. Not thread-safe; close it to free the native graph and session.
 */
public final class Autoencoder implements AutoCloseable {
    public static final String SIGNATURE_KEY = "serving_default";
    public static final String INPUT = "features";
    public static final String OUTPUT = "reconstruction";
    /** Per-record mean squared error, so a server can score without computing it from the reconstruction. */
    public static final String ERROR_OUTPUT = "reconstruction_error";
    /** Rows per session call when scoring; bounds the memory of a call on a large data set. */
    private static final int SCORING_CHUNK = 4096;

    private final int inputs;
    private final TrainingOptions options;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> features;
    private final Operand<TFloat32> reconstruction;
    private final Operand<TFloat32> errors;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Placeholder<TFloat32>> restoreValues = new ArrayList<>();
    private final List<Op> restoreOps = new ArrayList<>();

    public Autoencoder(int inputs, TrainingOptions options) {
        if (inputs < 1) {
            throw new IllegalArgumentException("an autoencoder needs at least one input, got " + inputs);
        }
        this.inputs = inputs;
        this.options = options;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Random random = new Random(options.seed());
            features = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputs)));
            List<Integer> sizes = new ArrayList<>(options.hiddenLayers());
            sizes.add(inputs);
            Operand<TFloat32> activations = features;
            int fanIn = inputs;
            for (int i = 0; i < sizes.size(); i++) {
                boolean last = i == sizes.size() - 1;
                activations = dense(tf, "dense_" + i, activations, fanIn, sizes.get(i), last, random);
                fanIn = sizes.get(i);
            }
            reconstruction = tf.withName(OUTPUT).identity(activations);
            errors = tf.withName(ERROR_OUTPUT).math.mean(
                    tf.math.squaredDifference(reconstruction, features), tf.constant(1));
            loss = tf.withName("loss").math.mean(errors, tf.constant(0));
            trainStep = new Adam(graph, options.learningRate()).minimize(loss);
            session = new Session(graph, ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(1)
                    .setInterOpParallelismThreads(1)
                    .build());
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private Operand<TFloat32> dense(Ops root, String name, Operand<TFloat32> input, int in, int out, boolean last,
                                    Random random) {
        // Variables stay in the root scope: Adam names its slots after the variable, and refuses a name with a '/'.
        Variable<TFloat32> weights = root.withName(name + "_weights").variable(root.constant(glorotUniform(in, out, random)));
        Variable<TFloat32> bias = root.withName(name + "_bias").variable(root.constant(new float[out]));
        Ops tf = root.withSubScope(name);
        for (Variable<TFloat32> variable : List.of(weights, bias)) {
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class,
                    Placeholder.shape(variable.shape()));
            variables.add(variable);
            restoreValues.add(value);
            restoreOps.add(tf.assign(variable, value));
        }
        Operand<TFloat32> z = tf.nn.biasAdd(tf.linalg.matMul(input, weights), bias);
        if (last) {
            return z;
        }
        return switch (options.activation()) {
            case TANH -> tf.math.tanh(z);
            case RELU -> tf.nn.relu(z);
        };
    }

    /** Glorot (Xavier) uniform: keeps the activations' variance steady through the layers at the start. */
    private static float[][] glorotUniform(int in, int out, Random random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[][] w = new float[in][out];
        for (float[] row : w) {
            for (int o = 0; o < out; o++) {
                row[o] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return w;
    }

    /**
     * Trains on {@code train} until the epochs run out or the validation loss has not improved for {@code patience}
     * epochs, then restores the weights of the best epoch. {@code progress} hears of every epoch as it ends. With
     * {@link TrainingOptions#trim()} above 0, each epoch after the warm-up trains only on the rows whose errors are
     * below that share's quantile, and the validation loss leaves out the same share of its highest errors.
     */
    public TrainingHistory fit(FeatureMatrix train, FeatureMatrix validation, Consumer<EpochReport> progress) {
        requireWidth(train);
        requireWidth(validation);
        if (train.rows() == 0 || validation.rows() == 0) {
            throw new IllegalArgumentException("training needs records to train on and to validate with, got "
                    + train.rows() + " and " + validation.rows());
        }
        // A different stream from the split's, which the Trainer draws from the same seed.
        Random shuffle = new Random(options.seed() ^ 0x5DEECE66DL);
        int[] order = Permutations.identity(train.rows());
        List<EpochReport> reports = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        List<float[]> bestWeights = null;
        long start = System.nanoTime();
        float[] batch = new float[options.batchSize() * inputs];
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            Permutations.shuffle(order, shuffle);
            double lossSum = 0;
            int[] epochRows = options.trim() > 0 && epoch > TrainingOptions.TRIM_WARMUP_EPOCHS
                    ? lowestErrors(train, order, options.trim()) : order;
            for (int from = 0; from < epochRows.length; from += options.batchSize()) {
                int to = Math.min(epochRows.length, from + options.batchSize());
                train.copyRows(epochRows, from, to, batch);
                lossSum += step(batch, to - from) * (to - from);
            }
            double validationLoss = trimmedMean(reconstructionErrors(validation), options.trim());
            if (!Double.isFinite(validationLoss)) {
                throw new IllegalStateException("training diverged at epoch " + epoch + " (validation loss "
                        + validationLoss + "); try a lower --learning-rate");
            }
            boolean best = validationLoss < bestLoss;
            if (best) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestWeights = readWeights();
            }
            EpochReport report = new EpochReport(epoch, options.epochs(), lossSum / epochRows.length, validationLoss, best,
                    System.nanoTime() - start);
            reports.add(report);
            progress.accept(report);
            if (epoch - bestEpoch >= options.patience()) {
                break;
            }
        }
        writeWeights(bestWeights);
        return new TrainingHistory(reports, bestEpoch, reports.size() < options.epochs());
    }

    private float step(float[] batch, int rows) {
        try (TFloat32 input = tensor(batch, rows);
             Result result = session.runner().feed(features, input).addTarget(trainStep).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /**
     * The rows of {@code order}, in that order, but the {@code trim} share with the highest errors under the current
     * weights: a whole-epoch cut, since a batch may hold more anomalies than the share and would pass them on.
     */
    private int[] lowestErrors(FeatureMatrix rows, int[] order, double trim) {
        double[] rowErrors = reconstructionErrors(rows);
        double cutoff = Evaluation.percentile(rowErrors, 100 * (1 - trim));
        int[] kept = new int[order.length];
        int count = 0;
        for (int row : order) {
            if (rowErrors[row] <= cutoff) {
                kept[count++] = row;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** The mean of all but the {@code trim} share of highest values; without trimming, summed in the rows' order. */
    private static double trimmedMean(double[] values, double trim) {
        int keep = values.length - (int) Math.floor(values.length * trim);
        double[] sorted = keep == values.length ? values : values.clone();
        if (keep < values.length) {
            Arrays.sort(sorted);
        }
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            sum += sorted[i];
        }
        return sum / keep;
    }

    /** Each row's mean squared difference between the input and its reconstruction: the anomaly score. */
    public double[] reconstructionErrors(FeatureMatrix rows) {
        requireWidth(rows);
        double[] out = new double[rows.rows()];
        float[] chunk = new float[Math.min(SCORING_CHUNK, Math.max(1, rows.rows())) * inputs];
        for (int from = 0; from < rows.rows(); from += SCORING_CHUNK) {
            int to = Math.min(rows.rows(), from + SCORING_CHUNK);
            rows.copyRange(from, to, chunk);
            try (TFloat32 input = tensor(chunk, to - from);
                 Result result = session.runner().feed(features, input).fetch(errors).run()) {
                TFloat32 values = (TFloat32) result.get(0);
                for (int i = from; i < to; i++) {
                    out[i] = values.getFloat(i - from);
                }
            }
        }
        return out;
    }

    /**
     * Writes a SavedModel (tag {@code serve}) into {@code directory} with the signature {@value #SIGNATURE_KEY}: input
     * {@value #INPUT} {@code float32 [-1, n]}, outputs {@value #OUTPUT} {@code [-1, n]} and {@value #ERROR_OUTPUT}
     * {@code [-1]}. The inputs must already be normalized, as in training.
     */
    public void export(Path directory) throws IOException {
        Signature signature = Signature.builder()
                .key(SIGNATURE_KEY)
                .input(INPUT, features)
                .output(OUTPUT, reconstruction)
                .output(ERROR_OUTPUT, errors)
                .build();
        SavedModelBundle.exporter(directory.toString())
                .withFunction(SessionFunction.create(signature, session))
                .export();
    }

    private List<float[]> readWeights() {
        Session.Runner runner = session.runner();
        variables.forEach(runner::fetch);
        List<float[]> values = new ArrayList<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < variables.size(); i++) {
                TFloat32 tensor = (TFloat32) result.get(i);
                float[] copy = new float[(int) tensor.shape().size()];
                tensor.copyTo(DataBuffers.of(copy, false, false));
                values.add(copy);
            }
        }
        return values;
    }

    private void writeWeights(List<float[]> values) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < variables.size(); i++) {
                TFloat32 tensor = TFloat32.tensorOf(variables.get(i).shape(), DataBuffers.of(values.get(i), true, false));
                tensors.add(tensor);
                runner.feed(restoreValues.get(i), tensor).addTarget(restoreOps.get(i));
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    private TFloat32 tensor(float[] rowMajor, int rows) {
        float[] values = rows * inputs == rowMajor.length ? rowMajor : Arrays.copyOf(rowMajor, rows * inputs);
        return TFloat32.tensorOf(Shape.of(rows, inputs), DataBuffers.of(values, true, false));
    }

    private void requireWidth(FeatureMatrix rows) {
        if (rows.columns() != inputs) {
            throw new IllegalArgumentException("rows have " + rows.columns() + " features, the autoencoder takes " + inputs);
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
