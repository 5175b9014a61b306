package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

import java.util.Date;

/** Reads a feature's input field and turns each way it can be unusable into a {@link MissingFeature}. */
final class FieldValues {
    private FieldValues() {
    }

    /** The field's value, which is present and not null. */
    static Object present(Object root, FieldPath path, String feature) throws MissingFeature {
        Object value = path.valueFrom(root);
        if (value == FieldPath.MISSING) {
            throw new MissingFeature(feature, path.toString(), MissingFeature.Reason.MISSING, "is missing");
        }
        if (value == null) {
            throw new MissingFeature(feature, path.toString(), MissingFeature.Reason.MISSING, "is null");
        }
        return value;
    }

    /** A finite number from any Java {@link Number}; numeric strings are refused so a schema mistake is not hidden. */
    static double number(Object root, FieldPath path, String feature) throws MissingFeature {
        Object value = present(root, path, feature);
        if (!(value instanceof Number number)) {
            throw nonNumeric(feature, path, value);
        }
        return finite(number.doubleValue(), path, feature);
    }

    /**
     * Epoch milliseconds from a number, or from a {@link Date}, which is how Connect hands over a field of the
     * {@code Timestamp} logical type.
     */
    static double epochMillis(Object root, FieldPath path, String feature) throws MissingFeature {
        Object value = present(root, path, feature);
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (!(value instanceof Number number)) {
            throw nonNumeric(feature, path, value);
        }
        return finite(number.doubleValue(), path, feature);
    }

    private static double finite(double value, FieldPath path, String feature) throws MissingFeature {
        if (Double.isNaN(value)) {
            throw new MissingFeature(feature, path.toString(), MissingFeature.Reason.NAN, "is NaN");
        }
        if (Double.isInfinite(value)) {
            throw new MissingFeature(feature, path.toString(), MissingFeature.Reason.INFINITE,
                    "is infinite (or too large for a double)");
        }
        return value;
    }

    private static MissingFeature nonNumeric(String feature, FieldPath path, Object value) {
        return new MissingFeature(feature, path.toString(), MissingFeature.Reason.NON_NUMERIC,
                "is not a number (found a " + value.getClass().getSimpleName() + ")");
    }
}
