package io.fleetml.connect.fraud.model;

/**
 * Standardizes a raw feature vector with the trainer's per-feature mean and standard deviation, giving the float input
 * the network was trained on. Immutable and safe to share between threads.
 */
public final class Normalizer {
    private final double[] mean;
    private final double[] std;

    public Normalizer(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " entries, std has " + std.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] is " + mean[i] + ", it must be finite");
            }
            if (!(std[i] > 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("std[" + i + "] is " + std[i] + ", it must be positive and finite");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public static Normalizer of(ModelMetadata metadata) {
        return new Normalizer(metadata.mean(), metadata.std());
    }

    public int width() {
        return mean.length;
    }

    public float[] normalize(double[] raw) {
        float[] out = new float[mean.length];
        normalize(raw, out);
        return out;
    }

    /** (x - mean) / std per entry, computed in double and rounded once to the network's float. */
    public void normalize(double[] raw, float[] out) {
        if (raw.length != mean.length || out.length != mean.length) {
            throw new IllegalArgumentException("vectors have " + raw.length + " and " + out.length
                    + " entries, the normalizer has " + mean.length);
        }
        for (int i = 0; i < raw.length; i++) {
            out[i] = (float) ((raw[i] - mean[i]) / std[i]);
        }
    }
}
