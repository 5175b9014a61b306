package io.fleetml.model.metadata;

/**
 * Standardizes a raw feature vector with the trainer's per-feature mean and standard deviation, giving the float input
 * the network was trained on. Immutable and safe to share between threads.
 */
public final class Normalizer {
    /**
     * How far from the training mean, in standard deviations, an input may lie. A larger one (a finite {@code 1e300}, say)
     * would overflow the float the network takes into an infinity and the score into NaN, which no threshold flags; held
     * here it still makes the score far above any threshold, so the record is flagged as the anomaly it is.
     */
    public static final double MAX_STANDARD_SCORE = 1e6;

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

    /**
     * (x - mean) / std per entry, computed in double, held within {@link #MAX_STANDARD_SCORE} and rounded once to the
     * network's float.
     */
    public void normalize(double[] raw, float[] out) {
        if (raw.length != mean.length || out.length != mean.length) {
            throw new IllegalArgumentException("vectors have " + raw.length + " and " + out.length
                    + " entries, the normalizer has " + mean.length);
        }
        for (int i = 0; i < raw.length; i++) {
            double standard = (raw[i] - mean[i]) / std[i];
            out[i] = (float) Math.max(-MAX_STANDARD_SCORE, Math.min(MAX_STANDARD_SCORE, standard));
        }
    }
}
