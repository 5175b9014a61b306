package io.fleetml.connect.fraud;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The transform's metrics (KIP-877), registered when Connect hands it its {@link PluginMetrics}: how many records were
 * scored, skipped, invalid and flagged, the share flagged, how often the challenger's flag disagreed with the champion's, and
 * which model scores.
 */
final class FraudScoreMetrics {
    static final String RECORDS_SCORED = "records-scored";
    static final String RECORDS_SKIPPED = "records-skipped";
    static final String RECORDS_INVALID = "records-invalid";
    static final String FLAGS = "flags";
    static final String FLAG_RATE = "flag-rate";
    static final String CHALLENGER_DISAGREEMENTS = "challenger-disagreements";
    static final String MODEL_VERSION = "model-version";
    static final String MODEL_LOAD_FAILURES = "model-load-failures";

    private final Sensor scored;
    private final Sensor skipped;
    private final Sensor invalid;
    private final Sensor flags;
    private final Sensor disagreements;
    /** Kafka's stats keep their counts to themselves; the share flagged needs both. */
    private final LongAdder scoredCount = new LongAdder();
    private final LongAdder flaggedCount = new LongAdder();

    FraudScoreMetrics(PluginMetrics metrics, Supplier<String> modelVersion, LongSupplier modelLoadFailures) {
        scored = counter(metrics, RECORDS_SCORED, "Records scored by the champion model.");
        skipped = counter(metrics, RECORDS_SKIPPED, "Records passed on unscored: a feature was missing (on.missing.feature=skip) or no model version exists yet (on.missing.model=pass).");
        invalid = counter(metrics, RECORDS_INVALID, "Records passed on unchanged because they cannot be scored at all: "
                + "not an object, or already holding an output field (on.invalid.record=pass).");
        flags = counter(metrics, FLAGS, "Records the champion model flagged: its score above the threshold.");
        disagreements = counter(metrics, CHALLENGER_DISAGREEMENTS,
                "Records both models scored whose challenger flag differs from the champion's.");
        metrics.addMetric(metrics.metricName(FLAG_RATE, "Share of the records the champion model scored that it flagged, "
                + "0 to 1 (0 before the first).", new LinkedHashMap<>()), (Gauge<Double>) (config, now) -> flagRate());
        metrics.addMetric(metrics.metricName(MODEL_VERSION, "Version of the champion model, from fleetml-model.json.",
                new LinkedHashMap<>()), (Gauge<String>) (config, now) -> modelVersion.get());
        // A gauge over a count kept by the transform: refreshes fail on their own thread, also before Connect hands
        // the transform its metrics.
        metrics.addMetric(metrics.metricName(MODEL_LOAD_FAILURES, "Model versions a refresh failed to load, whatever "
                + "the cause (a broken model, or an Error such as TensorFlow's native library failing to load); the "
                + "current version keeps scoring.", new LinkedHashMap<>()),
                (Gauge<Long>) (config, now) -> modelLoadFailures.getAsLong());
    }

    private static Sensor counter(PluginMetrics metrics, String name, String description) {
        Sensor sensor = metrics.addSensor(name);
        sensor.add(metrics.metricName(name, description, new LinkedHashMap<>()), new CumulativeCount());
        return sensor;
    }

    void scored(boolean flagged) {
        scored.record();
        scoredCount.increment();
        if (flagged) {
            flags.record();
            flaggedCount.increment();
        }
    }

    private double flagRate() {
        long total = scoredCount.sum();
        return total == 0 ? 0.0 : (double) flaggedCount.sum() / total;
    }

    void skipped() {
        skipped.record();
    }

    void invalid() {
        invalid.record();
    }

    void disagreement() {
        disagreements.record();
    }
}
