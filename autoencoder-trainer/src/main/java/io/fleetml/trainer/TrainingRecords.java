package io.fleetml.trainer;

import java.util.List;
import java.util.Map;

/**
 * The feature vectors read from the sink's files, before normalization, with each record's label when a label field
 * was named, and what was skipped.
 *
 * @param vectors      raw feature vectors in file order (files sorted by path, lines in order)
 * @param labels       per vector: {@link #FRAUD}, {@link #NORMAL} or {@link #UNLABELED}
 * @param files        how many files were read
 * @param skipped      records left out, by the reason (the feature, field and problem, never the value)
 */
public record TrainingRecords(List<double[]> vectors, byte[] labels, int files, Map<String, Integer> skipped) {
    public static final byte NORMAL = 0;
    public static final byte FRAUD = 1;
    public static final byte UNLABELED = -1;

    public TrainingRecords {
        vectors = List.copyOf(vectors);
        skipped = Map.copyOf(skipped);
        if (labels.length != vectors.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + vectors.size() + " vectors");
        }
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
