package io.fleetml.trainer;

import java.math.BigDecimal;

/**
 * The text a label or an id is compared by, the same whether it came from a record (JSON, Parquet, TFRecord) or from a
 * CSV cell: a whole number without a fraction ({@code 1.0} and {@code 1} are both {@code 1}), other values as written,
 * trimmed.
 */
final class ValueText {
    private ValueText() {
    }

    /** The text, or null for null and for an empty or blank string. */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (value instanceof Number || text.matches("[-+]?\\d+\\.0*")) {
            try {
                BigDecimal decimal = new BigDecimal(text).stripTrailingZeros();
                return decimal.scale() <= 0 ? decimal.toBigIntegerExact().toString() : decimal.toPlainString();
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }
}
