package io.fleetml.model.repository;

/**
 * How a model root names its versions, as TensorFlow Serving does: directories named by a number, the highest the
 * newest. Both repositories ask here, so a local and a gs:// root number their versions alike.
 */
final class ModelVersionNames {
    /** Longer names would not fit a long; no trainer numbers its versions that high. */
    private static final int MAX_DIGITS = 18;

    private ModelVersionNames() {
    }

    /** Whether a directory name is a version number. */
    static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() <= MAX_DIGITS && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
