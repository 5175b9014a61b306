package io.fleetml.connect.fraud.model;

import java.util.Objects;

/**
 * One dense layer of a serving graph, {@code activation(MatMul(x, W) + b)}: weights laid out {@code [in][out]} as
 * TensorFlow's {@code MatMul} takes them for an input of shape {@code [1, in]}, one bias per output. Immutable.
 */
public final class DenseLayer {
    private final int inputs;
    private final int outputs;
    /** W transposed, one contiguous row per output, so each dot product walks memory in order. */
    private final float[] weightsByOutput;
    private final float[] bias;
    private final Activation activation;

    public DenseLayer(float[][] weights, float[] bias, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("weights must have at least one row and one column");
        }
        this.inputs = weights.length;
        this.outputs = weights[0].length;
        if (bias.length != outputs) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries, weights have " + outputs + " columns");
        }
        this.weightsByOutput = new float[inputs * outputs];
        for (int i = 0; i < inputs; i++) {
            if (weights[i].length != outputs) {
                throw new IllegalArgumentException("weights row " + i + " has " + weights[i].length
                        + " columns, row 0 has " + outputs);
            }
            for (int o = 0; o < outputs; o++) {
                requireFinite(weights[i][o], "weights[" + i + "][" + o + "]");
                this.weightsByOutput[o * inputs + i] = weights[i][o];
            }
        }
        for (int o = 0; o < outputs; o++) {
            requireFinite(bias[o], "bias[" + o + "]");
        }
        this.bias = bias.clone();
        this.activation = activation;
    }

    private static void requireFinite(float value, String what) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(what + " is " + value + ": the model diverged or was read wrongly");
        }
    }

    public int inputSize() {
        return inputs;
    }

    public int outputSize() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    /**
     * Reads {@code inputSize()} values of {@code in} from {@code inOffset} and writes {@code outputSize()} values to
     * {@code out} from {@code outOffset}; the two ranges must not overlap.
     */
    void forward(float[] in, int inOffset, float[] out, int outOffset) {
        for (int o = 0; o < outputs; o++) {
            // Accumulated in double, then rounded once: TensorFlow accumulates in float, but in an order its kernels
            // choose (SIMD lanes, blocking), so its bits cannot be reproduced anyway. The double sum is independent of
            // order and closer to the exact value than a float sum in any order, so ours differs from TensorFlow's by no more
            // than TensorFlow's own rounding error.
            double sum = 0;
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += (double) in[inOffset + i] * weightsByOutput[row + i];
            }
            // Rounded to float after MatMul and again after BiasAdd, as the two ops of the graph each produce a float.
            float matMul = (float) sum;
            float biased = matMul + bias[o];
            out[outOffset + o] = (float) activation.apply(biased);
        }
    }
}
