package io.fleetml.model.features;

/**
 * One entry of the {@code features} setting: writes {@link #width()} numbers taken from a record value (a Struct or a
 * Map) into the model's input vector. Implementations are immutable and safe to share between threads.
 */
public interface Feature {
    /** The expression in canonical form (arguments trimmed): what the trainer writes to {@code fleetml-model.json}. */
    String name();

    /** How many numbers this feature writes: the number of categories for {@code onehot}, 1 for the others. */
    int width();

    /** Writes this feature's numbers for {@code recordValue} into {@code out[offset .. offset + width())}. */
    void extract(Object recordValue, double[] out, int offset) throws MissingFeature;
}
