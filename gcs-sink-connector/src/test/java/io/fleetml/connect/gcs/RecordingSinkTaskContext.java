package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the Connect worker around a task in unit tests (the worker itself is exercised by the integration
 * tests): it records rewinds, pauses and records sent to the dead-letter queue, and keeps the task's plugin metrics in
 * a real Kafka metrics registry.
 */
final class RecordingSinkTaskContext implements SinkTaskContext {
    /** Offset commits the task asked for, to have finished objects' offsets in Kafka before the next flush interval. */
    int commitRequests;
    final Map<TopicPartition, Long> rewinds = new HashMap<>();
    final Set<TopicPartition> paused = new HashSet<>();
    final List<SinkRecord> deadLetters = new ArrayList<>();
    final List<Throwable> deadLetterErrors = new ArrayList<>();
    private final Set<TopicPartition> assignment;
    private final boolean withReporter;
    private final Metrics metrics = new Metrics();
    private final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "gcs-sink", "task", "0"));

    RecordingSinkTaskContext(Set<TopicPartition> assignment, boolean withReporter) {
        this.assignment = assignment;
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        rewinds.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {
        commitRequests++;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    /** The value of the task's plugin metric {@code name}, as a metrics reporter reads it. */
    double metric(String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .map(e -> (Double) e.getValue().metricValue()).orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            deadLetters.add(record);
            deadLetterErrors.add(error);
            return CompletableFuture.completedFuture(null);
        };
    }
}
