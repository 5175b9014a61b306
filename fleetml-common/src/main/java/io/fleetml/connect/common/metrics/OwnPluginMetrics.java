package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Time;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugin metrics for workers without KIP-877: a metrics registry the plugin owns, reported on JMX under the names a 4.1+
 * worker would give them ({@code kafka.connect:type=plugins,connector=…,task=…}), so dashboards and alerts need no
 * second set of names. Closing it removes the plugin's MBeans and frees the name.
 */
final class OwnPluginMetrics implements PluginMetrics, AutoCloseable {
    static final String JMX_DOMAIN = "kafka.connect";
    static final String GROUP = "plugins";
    /** The tag sets of the registries open in this plugin's class loader: two on one MBean name would hide one. */
    private static final Set<Map<String, String>> OPEN = ConcurrentHashMap.newKeySet();

    private final Map<String, String> tags;
    private final Metrics metrics;

    /**
     * Opens a registry tagged with {@code tags} and then {@code lastTag}; if one with the same tags is open already, the
     * last tag's value gets a suffix, {@code -2}, {@code -3} and so on.
     */
    static OwnPluginMetrics open(Map<String, String> tags, String lastTag, String value) {
        for (int n = 1; ; n++) {
            Map<String, String> candidate = new LinkedHashMap<>(tags);
            candidate.put(lastTag, n == 1 ? value : value + "-" + n);
            if (OPEN.add(candidate)) {
                MetricsReporting.OWN_JMX.announce();
                return new OwnPluginMetrics(candidate);
            }
        }
    }

    private OwnPluginMetrics(Map<String, String> tags) {
        this.tags = tags;
        JmxReporter jmx = new JmxReporter();
        // Every registry counts its own metrics under one untagged name; a second plugin instance would clash on it.
        jmx.configure(Map.of(JmxReporter.EXCLUDE_CONFIG, JMX_DOMAIN + ":type=kafka-metrics-count.*"));
        metrics = new Metrics(new MetricConfig().tags(new LinkedHashMap<>(tags)), List.<MetricsReporter>of(jmx), Time.SYSTEM,
                new KafkaMetricsContext(JMX_DOMAIN));
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        return metrics.metricName(name, GROUP, description, tags);
    }

    @Override
    public void addMetric(MetricName metricName, MetricValueProvider<?> metricValueProvider) {
        metrics.addMetric(metricName, metricValueProvider);
    }

    @Override
    public void removeMetric(MetricName metricName) {
        metrics.removeMetric(metricName);
    }

    @Override
    public Sensor addSensor(String name) {
        return metrics.sensor(name);
    }

    @Override
    public void removeSensor(String name) {
        metrics.removeSensor(name);
    }

    @Override
    public void close() {
        metrics.close();
        OPEN.remove(tags);
    }
}
