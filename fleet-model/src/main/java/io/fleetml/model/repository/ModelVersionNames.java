package io.fleetml.model.repository;

/**
 * How a model root names its versions, as TensorFlow Serving does: directories named by a number, the highest the
 * newest. The trainer writes them and FraudScore reads them, so both ask here, in the module they share.
 */
public final class ModelVersionNames {
    /** Longer names would not fit a long; no trainer numbers its versions that high. */
    private static final int MAX_DIGITS = 18;

    private ModelVersionNames() {
    }

    /** Whether a directory name is a version number. */
    public static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() <= MAX_DIGITS && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
