package io.fleetml.testkit.connect;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/**
 * The context a unit test gives a source task that keeps no offsets (MQTT, Pub/Sub): the plugin metrics the test
 * reads back, and an offset reader that fails, since asking for one would be a bug in such a task.
 */
public final class MetricsOnlyTaskContext implements SourceTaskContext {
    private final PluginMetrics pluginMetrics;

    public MetricsOnlyTaskContext(PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        throw new UnsupportedOperationException("this source keeps no offsets");
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }
}
