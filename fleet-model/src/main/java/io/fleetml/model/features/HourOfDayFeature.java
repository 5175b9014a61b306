package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

/**
 * {@code hour_sin(path)} and {@code hour_cos(path)}: the time of day in UTC of an epoch-millisecond field as a point on
 * the unit circle, so 23:59 and 00:01 are neighbours for the model rather than 24 hours apart. Used as a pair.
 */
record HourOfDayFeature(String name, FieldPath path, boolean cosine) implements Feature {
    private static final double MS_PER_DAY = 86_400_000.0;

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void extract(Object recordValue, double[] out, int offset) throws MissingFeature {
        out[offset] = value(FieldValues.epochMillis(recordValue, path, name), cosine);
    }

    /** sin or cos of 2π·hour/24, hour with its fraction; {@code %} on doubles is exact, so whole milliseconds stay exact. */
    static double value(double epochMillis, boolean cosine) {
        // Adding 0.0 turns the -0.0 that % gives for a negative whole number of days into 0.0: midnight is one value.
        double msOfDay = epochMillis % MS_PER_DAY + 0.0;
        if (msOfDay < 0) {
            msOfDay += MS_PER_DAY;
        }
        double angle = 2 * Math.PI * (msOfDay / MS_PER_DAY);
        return cosine ? Math.cos(angle) : Math.sin(angle);
    }
}
