package io.fleetml.trainer;

import java.util.Locale;

/**
 * What {@code --threshold-for} asks of the threshold on the labeled evaluation records: at least this precision (the
 * lowest threshold that keeps it, so as much fraud as possible is flagged) or at least this recall (the highest
 * threshold that reaches it, so as few normal records as possible are flagged).
 */
public record ThresholdTarget(Metric metric, double value) {
    /** The measure the target is on, named as in the option and in the model's metrics. */
    public enum Metric { PRECISION, RECALL }

    public ThresholdTarget {
        if (metric == null) {
            throw new IllegalArgumentException("--threshold-for needs precision or recall");
        }
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("--threshold-for " + name(metric) + " must be above 0 and at most 1, got "
                    + value);
        }
    }

    /** Parses {@code precision=0.9} or {@code recall=0.8}. */
    static ThresholdTarget parse(String text) {
        int equals = text.indexOf('=');
        String metric = equals < 0 ? text : text.substring(0, equals).trim();
        Metric parsed = switch (metric.toLowerCase(Locale.ROOT)) {
            case "precision" -> Metric.PRECISION;
            case "recall" -> Metric.RECALL;
            default -> throw new IllegalArgumentException("--threshold-for must be precision=X or recall=X, got '" + text + "'");
        };
        if (equals < 0) {
            throw new IllegalArgumentException("--threshold-for must be precision=X or recall=X, got '" + text + "'");
        }
        String value = text.substring(equals + 1).trim();
        try {
            return new ThresholdTarget(parsed, Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threshold-for " + metric + " '" + value + "' is not a number");
        }
    }

    /** The metric's name in the model's metrics: {@code precision} or {@code recall}. */
    public String metricName() {
        return name(metric);
    }

    private static String name(Metric metric) {
        return metric.name().toLowerCase(Locale.ROOT);
    }
}
