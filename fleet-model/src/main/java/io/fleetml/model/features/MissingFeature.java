package io.fleetml.model.features;

/**
 * A record that cannot give a feature its input: the field is absent or null, or holds something the feature cannot
 * use. The message names the feature, the field path and what was wrong, never the value, which may be personal data.
 */
public final class MissingFeature extends Exception {
    /** What was wrong with the field. */
    public enum Reason {
        /** The record has no such field, or it holds null. */
        MISSING,
        /** Not a Java {@link Number}: numeric strings and booleans count as non-numeric. */
        NON_NUMERIC,
        NAN,
        INFINITE,
        /** A number outside what the feature accepts, such as a latitude beyond ±90. */
        OUT_OF_RANGE,
        /** A category for {@code onehot} that is not a string. */
        NON_TEXT
    }

    private final String feature;
    private final String path;
    private final Reason reason;

    /**
     * {@code problem} completes the sentence "field 'path' ..." and must not contain the value. The stack trace is not
     * filled in: with {@code on.missing.feature=skip} or {@code zero} this is an expected outcome for every bad record,
     * and capturing a trace would cost more than extracting the features.
     */
    MissingFeature(String feature, String path, Reason reason, String problem) {
        super("feature '" + feature + "': field '" + path + "' " + problem, null, false, false);
        this.feature = feature;
        this.path = path;
        this.reason = reason;
    }

    /** The name of the feature, as {@link Feature#name()}. */
    public String feature() {
        return feature;
    }

    /** The field path as written in the feature expression. */
    public String path() {
        return path;
    }

    public Reason reason() {
        return reason;
    }
}
