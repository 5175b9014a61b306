package io.fleetml.connect.fraud.model;

import java.util.Objects;

/**
 * One dense layer of a serving graph, {@code activation(MatMul(x, W) + b)}: weights laid out {@code [in][out]} as
 * TensorFlow's {@code MatMul} takes them for an input of shape {@code [1, in]}, one bias per output. Immutable.
 */
public final class DenseLayer {
    private final int inputs;
    private final int outputs;
    /** W row-major as {@code [in][out]}, as TensorFlow stores it: a step of the input loop reads adjacent weights. */
    private final float[] weightsByInput;
    private final float[] bias;
    private final Activation activation;
    /** The alpha of {@link Activation#LEAKY_RELU}; unused by the others. */
    private final double alpha;

    public DenseLayer(float[][] weights, float[] bias, Activation activation) {
        this(weights, bias, activation, Activation.LEAKY_RELU_ALPHA);
    }

    /** A layer whose {@link Activation#LEAKY_RELU} has the graph's {@code alpha}. */
    public DenseLayer(float[][] weights, float[] bias, Activation activation, double alpha) {
        Objects.requireNonNull(activation, "activation");
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha is " + alpha);
        }
        this.alpha = alpha;
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("weights must have at least one row and one column");
        }
        this.inputs = weights.length;
        this.outputs = weights[0].length;
        if (bias.length != outputs) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries, weights have " + outputs + " columns");
        }
        this.weightsByInput = new float[inputs * outputs];
        for (int i = 0; i < inputs; i++) {
            if (weights[i].length != outputs) {
                throw new IllegalArgumentException("weights row " + i + " has " + weights[i].length
                        + " columns, row 0 has " + outputs);
            }
            for (int o = 0; o < outputs; o++) {
                requireFinite(weights[i][o], "weights[" + i + "][" + o + "]");
                this.weightsByInput[i * outputs + o] = weights[i][o];
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

    /** The alpha of a {@link Activation#LEAKY_RELU} layer. */
    public double alpha() {
        return alpha;
    }

    /**
     * Reads {@code inputSize()} values of {@code in} from {@code inOffset} and writes {@code outputSize()} values to
     * {@code out} from {@code outOffset}; the two ranges must not overlap.
     */
    void forward(float[] in, int inOffset, float[] out, int outOffset) {
        // Outputs are summed eight, then four, then one at a time, each sum in a register of its own: a step of the
        // input loop then feeds eight independent additions instead of waiting for the previous step's, which made
        // one dot product per output twice as slow.
        int o = 0;
        for (; o + 8 <= outputs; o += 8) {
            sumEight(in, inOffset, o, out, outOffset);
        }
        for (; o + 4 <= outputs; o += 4) {
            sumFour(in, inOffset, o, out, outOffset);
        }
        for (; o < outputs; o++) {
            double sum = 0;
            for (int i = 0, k = o; i < inputs; i++, k += outputs) {
                sum += (double) in[inOffset + i] * weightsByInput[k];
            }
            out[outOffset + o] = biased(sum, o);
        }
        // The activation runs over the whole layer afterwards, one loop the JIT compiles for that activation alone.
        activation.applyInPlace(out, outOffset, outOffset + outputs, alpha);
    }

    private void sumEight(float[] in, int inOffset, int o, float[] out, int outOffset) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        float[] w = weightsByInput;
        for (int i = 0, k = o; i < inputs; i++, k += outputs) {
            double x = in[inOffset + i];
            s0 += x * w[k];
            s1 += x * w[k + 1];
            s2 += x * w[k + 2];
            s3 += x * w[k + 3];
            s4 += x * w[k + 4];
            s5 += x * w[k + 5];
            s6 += x * w[k + 6];
            s7 += x * w[k + 7];
        }
        int at = outOffset + o;
        out[at] = biased(s0, o);
        out[at + 1] = biased(s1, o + 1);
        out[at + 2] = biased(s2, o + 2);
        out[at + 3] = biased(s3, o + 3);
        out[at + 4] = biased(s4, o + 4);
        out[at + 5] = biased(s5, o + 5);
        out[at + 6] = biased(s6, o + 6);
        out[at + 7] = biased(s7, o + 7);
    }

    private void sumFour(float[] in, int inOffset, int o, float[] out, int outOffset) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        float[] w = weightsByInput;
        for (int i = 0, k = o; i < inputs; i++, k += outputs) {
            double x = in[inOffset + i];
            s0 += x * w[k];
            s1 += x * w[k + 1];
            s2 += x * w[k + 2];
            s3 += x * w[k + 3];
        }
        int at = outOffset + o;
        out[at] = biased(s0, o);
        out[at + 1] = biased(s1, o + 1);
        out[at + 2] = biased(s2, o + 2);
        out[at + 3] = biased(s3, o + 3);
    }

    /**
     * Output {@code o} before its activation, from its MatMul sum. The sum is accumulated in double: TensorFlow accumulates in float, but in an
     * order its kernels choose (SIMD lanes, blocking), so its bits cannot be reproduced anyway. A float times a float is
     * exact in double and each sum adds its terms in input order, closer to the exact value than a float sum in any
     * order, so ours differs from TensorFlow's by no more than TensorFlow's own rounding error. It is rounded to float
     * after MatMul and again after BiasAdd, as the two ops of the graph each produce a float.
     */
    private float biased(double sum, int o) {
        float matMul = (float) sum;
        return matMul + bias[o];
    }
}
