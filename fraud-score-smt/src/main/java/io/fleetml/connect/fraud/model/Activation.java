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
     * {@code Tanh} as a rational function (see {@link #tanh(double)}): no call per value, where {@code Math.tanh} runs
     * the slow {@code StrictMath} code (43 % of a record's scoring time on JDK 17) and even the {@code Math.exp}
     * intrinsic cost about 20 ns a value inside a layer.
     */
    TANH {
        @Override
        public double apply(double x) {
            return tanh(x);
        }

        @Override
        void applyInPlace(float[] values, int from, int to) {
            for (int i = from; i < to; i++) {
                values[i] = (float) tanh(values[i]);
            }
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
    /**
     * {@code LeakyRelu}: x above 0, alpha·x otherwise; alpha is the graph op's, 0.2 (the default of
     * {@code tf.nn.leaky_relu}) in {@link #apply(double)}.
     */
    LEAKY_RELU {
        @Override
        public double apply(double x) {
            return leakyRelu(x, LEAKY_RELU_ALPHA);
        }

        @Override
        void applyInPlace(float[] values, int from, int to, double alpha) {
            for (int i = from; i < to; i++) {
                values[i] = (float) leakyRelu(values[i], alpha);
            }
        }
    },
    /**
     * {@code Softmax} over the whole layer: e^(x - max) / Σ e^(x - max), the max subtracted as TensorFlow's kernel does
     * so that no term overflows. Not element-wise, so {@link #apply(double)} has no meaning for it.
     */
    SOFTMAX {
        @Override
        public double apply(double x) {
            throw new UnsupportedOperationException("softmax depends on the whole layer, not one value");
        }

        @Override
        public boolean elementWise() {
            return false;
        }

        @Override
        void applyInPlace(float[] values, int from, int to) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                max = Math.max(max, values[i]);
            }
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += Math.exp(values[i] - max);
            }
            for (int i = from; i < to; i++) {
                values[i] = (float) (Math.exp(values[i] - max) / sum);
            }
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
    /** From here on tanh(x) rounds to 1 in double. */
    private static final double TANH_ONE_FROM = 19.1;

    /** The activation of one value; only for {@link #elementWise()} activations. */
    public abstract double apply(double x);

    /** Whether each output depends on its own input alone, so that {@link #apply(double)} computes it. */
    public boolean elementWise() {
        return true;
    }

    private static double leakyRelu(double x, double alpha) {
        return x > 0 ? x : alpha * x;
    }

    /**
     * tanh(x) = x·P(x²)/Q(x²) with P and Q of degree 7, fitted for this project on [0, 19.1] for the least maximum
     * relative error ({@code src/test/python/tanh_rational_fit.py} regenerates the coefficients): within 2e-11 of tanh,
     * four thousand times finer than the float a layer rounds to, and ±1 beyond, as tanh is in double. Odd, so -0.0
     * and NaN come out as they go in.
     */
    static double tanh(double x) {
        if (x >= TANH_ONE_FROM) {
            return 1.0;
        }
        if (x <= -TANH_ONE_FROM) {
            return -1.0;
        }
        double t = x * x;
        double p = 0.9999999999998208 + t * (0.14687880427478126 + t * (0.005251170868063517
                + t * (6.772694909623031e-05 + t * (3.476331097466647e-07 + t * (6.722620766213301e-10
                + t * (3.84164294650775e-13 + t * 2.774835367005558e-17))))));
        double q = 1.0 + t * (0.48021213759844555 + t * (0.03198855009098607 + t * (0.000670545913659312
                + t * (5.445001346430437e-06 + t * (1.7432991539015006e-08 + t * (1.9233989688670065e-11
                + t * 4.7743002374907055e-15))))));
        return x * p / q;
    }

    /**
     * Applies the activation to {@code values[from..to)} in place, each value rounded to float as the graph's op
     * produces it: one call per layer rather than per value. An activation that costs more than a comparison overrides
     * it with a loop of its own, which the JIT compiles around that activation alone.
     */
    void applyInPlace(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            values[i] = (float) apply(values[i]);
        }
    }

    /** {@link #applyInPlace(float[], int, int)} with the op's {@code alpha}, which only {@link #LEAKY_RELU} has. */
    void applyInPlace(float[] values, int from, int to, double alpha) {
        applyInPlace(values, from, to);
    }
}
