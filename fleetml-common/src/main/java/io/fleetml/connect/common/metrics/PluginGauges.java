package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Publishes a plugin's own counters as Kafka plugin metrics (KIP-877). Connect tags them with the connector, the task
 * and, for a transformation, its alias, so they show on JMX next to Connect's metrics of the same task; the value is
 * read only when a reporter asks, so counting stays the plugin's business.
 */
public final class PluginGauges {
    private final PluginMetrics metrics;

    public PluginGauges(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** Adds metric {@code name} (kebab-case) reporting {@code value}; the description is what JMX and the docs show. */
    public PluginGauges add(String name, String description, LongSupplier value) {
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
                (Measurable) (config, now) -> value.getAsLong());
        return this;
    }
}
