package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

/** {@code log1p(path)}: ln(1 + x), which tames heavy-tailed values such as amounts while keeping 0 at 0. */
record Log1pFeature(String name, FieldPath path) implements Feature {
    @Override
    public int width() {
        return 1;
    }

    @Override
    public void extract(Object recordValue, double[] out, int offset) throws MissingFeature {
        double x = FieldValues.number(recordValue, path, name);
        if (x <= -1) {
            throw new MissingFeature(name, path.toString(), MissingFeature.Reason.OUT_OF_RANGE,
                    "is -1 or less, where log1p is not defined");
        }
        out[offset] = Math.log1p(x);
    }
}
