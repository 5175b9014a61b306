package org.apache.kafka.common.metrics;

import org.apache.kafka.common.MetricName;

import java.util.LinkedHashMap;

/**
 * Kafka 4.1's {@code PluginMetrics}, method for method, for workers that predate it: the plugins implement it over a
 * metrics registry of their own there.
 */
public interface PluginMetrics {
    MetricName metricName(String name, String description, LinkedHashMap<String, String> tags);

    void addMetric(MetricName metricName, MetricValueProvider<?> metricValueProvider);

    void removeMetric(MetricName metricName);

    Sensor addSensor(String name);

    void removeSensor(String name);
}
