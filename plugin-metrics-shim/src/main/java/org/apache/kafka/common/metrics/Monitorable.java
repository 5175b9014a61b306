package org.apache.kafka.common.metrics;

/**
 * Kafka 4.1's {@code Monitorable}, method for method, for workers that predate it. A 3.7 to 4.0 worker never calls it;
 * the plugins then register their metrics themselves.
 */
public interface Monitorable {
    void withPluginMetrics(PluginMetrics metrics);
}
