package io.fleetml.connect.fraud.model;

/**
 * The activations a dense serving graph may use, defined as TensorFlow's kernels define them, including which branch
 * 0 and NaN take, so a network evaluated here follows the same function as the graph it was read from.
 */
public enum Activation {
    /** {@code Relu}: max(x, 0); like TensorFlow's kernel it keeps NaN. */
    RELU {
        @Override
        public double apply(double x) {
            return x < 0 ? 0.0 : x;
        }
    },
    /**
     * {@code Tanh} through {@code Math.exp}, which the JIT compiles to an intrinsic, where {@code Math.tanh} runs the
     * slow {@code StrictMath} code (on JDK 17 it was 43 % of a record's scoring time). In double the formula is
     * accurate far beyond the float the layer rounds to, except very near 0, where tanh(x) is x.
     */
    TANH {
        @Override
        public double apply(double x) {
            if (Math.abs(x) < TANH_LINEAR_BELOW) {
                return x;
            }
            return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
        }
    },
    /** {@code Sigmoid}: 1 / (1 + e^-x). */
    SIGMOID {
        @Override
        public double apply(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
    },
    /** {@code Elu} with alpha 1: e^x - 1 below 0, x from 0 up. */
    ELU {
        @Override
        public double apply(double x) {
            return x < 0 ? Math.expm1(x) : x;
        }
    },
    /** {@code Selu}: scale·alpha·(e^x - 1) below 0, scale·x from 0 up, with TensorFlow's constants. */
    SELU {
        @Override
        public double apply(double x) {
            return x < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(x) : SELU_SCALE * x;
        }
    },
    /** {@code LeakyRelu} with alpha 0.2, the default of {@code tf.nn.leaky_relu}: x above 0, alpha·x otherwise. */
    LEAKY_RELU {
        @Override
        public double apply(double x) {
            return x > 0 ? x : LEAKY_RELU_ALPHA * x;
        }
    },
    /** No activation op: the layer ends at {@code BiasAdd}. */
    LINEAR {
        @Override
        public double apply(double x) {
            return x;
        }
    };

    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double LEAKY_RELU_ALPHA = 0.2;
    /** Below this, tanh(x) and x differ by less than x³/3, far under a float's resolution of x. */
    private static final double TANH_LINEAR_BELOW = 1e-5;

    public abstract double apply(double x);
}
