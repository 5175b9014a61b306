package io.fleetml.connect.fraud;

/**
 * One version of a model as its source lists it: its number (0 when the location is a SavedModel itself), where it is,
 * and a stamp of its files that changes whenever they do, so a rejected version is tried again only once it changed.
 */
record ModelVersion(long number, String location, String stamp) {
    /** Longer names would not fit a long; no trainer numbers its versions that high. */
    private static final int MAX_DIGITS = 18;

    /** Whether a directory name is a version number, as TensorFlow Serving names them. */
    static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() <= MAX_DIGITS && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
