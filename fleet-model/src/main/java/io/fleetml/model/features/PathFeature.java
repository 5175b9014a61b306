package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

/** A numeric field taken as it is, e.g. {@code vehicle.speed}. */
record PathFeature(FieldPath path) implements Feature {
    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void extract(Object recordValue, double[] out, int offset) throws MissingFeature {
        out[offset] = FieldValues.number(recordValue, path, name());
    }
}
