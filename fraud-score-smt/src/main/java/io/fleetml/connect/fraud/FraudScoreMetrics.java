package io.fleetml.connect.fraud;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * The transform's metrics (KIP-877), registered when Connect hands it its {@link PluginMetrics}: how many records were
 * scored, skipped and flagged, how often the challenger's flag disagreed with the champion's, and which model scores.
 */
final class FraudScoreMetrics {
    static final String RECORDS_SCORED = "records-scored";
    static final String RECORDS_SKIPPED = "records-skipped";
    static final String FLAGS = "flags";
    static final String CHALLENGER_DISAGREEMENTS = "challenger-disagreements";
    static final String MODEL_VERSION = "model-version";

    private final Sensor scored;
    private final Sensor skipped;
    private final Sensor flags;
    private final Sensor disagreements;

    FraudScoreMetrics(PluginMetrics metrics, Supplier<String> modelVersion) {
        scored = counter(metrics, RECORDS_SCORED, "Records scored by the champion model.");
        skipped = counter(metrics, RECORDS_SKIPPED, "Records passed on unscored: a feature was missing (on.missing.feature=skip) or no model version exists yet (on.missing.model=pass).");
        flags = counter(metrics, FLAGS, "Records the champion model flagged: its score above the threshold.");
        disagreements = counter(metrics, CHALLENGER_DISAGREEMENTS,
                "Records both models scored whose challenger flag differs from the champion's.");
        metrics.addMetric(metrics.metricName(MODEL_VERSION, "Version of the champion model, from fleetml-model.json.",
                new LinkedHashMap<>()), (Gauge<String>) (config, now) -> modelVersion.get());
    }

    private static Sensor counter(PluginMetrics metrics, String name, String description) {
        Sensor sensor = metrics.addSensor(name);
        sensor.add(metrics.metricName(name, description, new LinkedHashMap<>()), new CumulativeCount());
        return sensor;
    }

    void scored(boolean flagged) {
        scored.record();
        if (flagged) {
            flags.record();
        }
    }

    void skipped() {
        skipped.record();
    }

    void disagreement() {
        disagreements.record();
    }
}
