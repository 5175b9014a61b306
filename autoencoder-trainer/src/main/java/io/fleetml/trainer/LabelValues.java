package io.fleetml.trainer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which label values mean normal and which mean fraud, as the text of the value: a boolean is {@code true} or
 * {@code false}, a whole number its digits ({@code 1.0} is {@code 1}), a string itself, trimmed. No value means
 * unlabeled; any other value is an error, since a misspelt label would otherwise silently train on fraud.
 */
public record LabelValues(Set<String> normal, Set<String> fraud) {
    public static final List<String> DEFAULT_NORMAL = List.of("0", "false");
    public static final List<String> DEFAULT_FRAUD = List.of("1", "true");

    public LabelValues {
        normal = Set.copyOf(normal);
        fraud = Set.copyOf(fraud);
        if (normal.isEmpty() || fraud.isEmpty()) {
            throw new IllegalArgumentException("--normal-label and --fraud-label need at least one value each");
        }
        for (String value : normal) {
            if (fraud.contains(value)) {
                throw new IllegalArgumentException("label value '" + value + "' is both in --normal-label and in --fraud-label");
            }
        }
    }

    public static LabelValues defaults() {
        return new LabelValues(Set.copyOf(DEFAULT_NORMAL), Set.copyOf(DEFAULT_FRAUD));
    }

    /** Parses a comma-separated list as the options take it, e.g. {@code 0,false}. */
    static Set<String> parseList(String text, String flag) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : text.split(",")) {
            if (value.isBlank()) {
                throw new IllegalArgumentException(flag + " has an empty value in '" + text + "'");
            }
            values.add(value.trim());
        }
        return values;
    }

    /**
     * {@link TrainingRecords#NORMAL}, {@link TrainingRecords#FRAUD}, or {@link TrainingRecords#UNLABELED} for null or
     * an empty string; any other value fails naming {@code where} (the file, line or record, and the column or field).
     */
    public byte classify(Object value, Supplier<String> where) {
        String text = ValueText.of(value);
        if (text == null) {
            return TrainingRecords.UNLABELED;
        }
        if (normal.contains(text)) {
            return TrainingRecords.NORMAL;
        }
        if (fraud.contains(text)) {
            return TrainingRecords.FRAUD;
        }
        throw new IllegalArgumentException(where.get() + ": the label is neither a normal value " + sorted(normal)
                + " (--normal-label) nor a fraud value " + sorted(fraud) + " (--fraud-label)");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
