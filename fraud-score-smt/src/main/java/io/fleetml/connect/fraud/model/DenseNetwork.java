package io.fleetml.connect.fraud.model;

import java.util.List;

/**
 * A chain of dense layers evaluated in plain Java: the serving graph of a small autoencoder read once from the
 * SavedModel, so scoring a record costs a few hundred multiply-adds instead of a TensorFlow session call per record.
 * Immutable and safe to share between threads.
 */
public final class DenseNetwork {
    private final List<DenseLayer> layers;
    /** The widest output of any layer but the last: the size of each half of the scratch buffer. */
    private final int hiddenWidth;

    public DenseNetwork(List<DenseLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        int widest = 0;
        for (int i = 1; i < layers.size(); i++) {
            DenseLayer previous = layers.get(i - 1);
            DenseLayer layer = layers.get(i);
            if (layer.inputSize() != previous.outputSize()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layer.inputSize() + " inputs but layer "
                        + (i - 1) + " gives " + previous.outputSize());
            }
            widest = Math.max(widest, previous.outputSize());
        }
        this.layers = List.copyOf(layers);
        this.hiddenWidth = widest;
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** The network's output for one input vector, in a new array. */
    public float[] forward(float[] input) {
        return evaluator().forward(input).clone();
    }

    /**
     * Mean squared difference between a normalized input and the network's reconstruction of it: the anomaly score of
     * an autoencoder, whose output has the input's width.
     */
    public double reconstructionError(float[] normalizedInput) {
        return evaluator().reconstructionError(normalizedInput);
    }

    /** Buffers for evaluating this network on one thread, so scoring a record allocates nothing. */
    public Evaluator evaluator() {
        return new Evaluator();
    }

    /** Evaluates the network with buffers of its own; one instance serves one thread. */
    public final class Evaluator {
        /** Two halves that take turns as a hidden layer's input and output, however deep the network is. */
        private final float[] hidden = new float[2 * hiddenWidth];
        private final float[] output = new float[outputSize()];

        private Evaluator() {
        }

        /** The network's output for {@code input}, in a buffer that the next call overwrites. */
        public float[] forward(float[] input) {
            if (input.length != inputSize()) {
                throw new IllegalArgumentException("input has " + input.length + " values, the network takes "
                        + inputSize());
            }
            int last = layers.size() - 1;
            float[] in = input;
            int inOffset = 0;
            int outOffset = 0;
            for (int i = 0; i < last; i++) {
                layers.get(i).forward(in, inOffset, hidden, outOffset);
                in = hidden;
                inOffset = outOffset;
                outOffset = hiddenWidth - outOffset;
            }
            layers.get(last).forward(in, inOffset, output, 0);
            return output;
        }

        /** {@link DenseNetwork#reconstructionError(float[])} without allocating. */
        public double reconstructionError(float[] normalizedInput) {
            if (outputSize() != inputSize()) {
                throw new IllegalStateException("not an autoencoder: it takes " + inputSize() + " values and gives "
                        + outputSize());
            }
            return meanSquaredError(normalizedInput, forward(normalizedInput));
        }
    }

    /**
     * Mean squared difference of two vectors of the same length, summed in double: the one definition of the score,
     * shared with the TensorFlow engine so both engines differ only in how they compute the reconstruction.
     */
    public static double meanSquaredError(float[] input, float[] reconstruction) {
        if (input.length != reconstruction.length) {
            throw new IllegalArgumentException("input has " + input.length + " values, reconstruction has "
                    + reconstruction.length);
        }
        double sum = 0;
        for (int i = 0; i < input.length; i++) {
            double d = (double) reconstruction[i] - input[i];
            sum += d * d;
        }
        return sum / input.length;
    }
}
