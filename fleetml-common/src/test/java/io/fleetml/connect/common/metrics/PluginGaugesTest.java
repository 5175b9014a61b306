package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PluginGaugesTest {
    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aGaugeReportsTheCounterWhenReadUnderThePluginsTagsWithItsDescription() {
        AtomicLong counter = new AtomicLong();
        new PluginGauges(new PluginMetricsImpl(metrics, Map.of("connector", "fleet", "task", "2")))
                .add("messages-received", "Messages received.", counter::get);
        counter.addAndGet(41);
        counter.incrementAndGet();

        KafkaMetric metric = metrics.metrics().get(new MetricName("messages-received", "plugins", "Messages received.",
                Map.of("connector", "fleet", "task", "2")));
        assertEquals(42.0, metric.metricValue());
        assertEquals("Messages received.", metric.metricName().description());
    }

    @Test
    void aNameUsedTwiceIsRejectedByKafkaNotSilentlyReplaced() {
        PluginGauges gauges = new PluginGauges(new PluginMetricsImpl(metrics, Map.of("connector", "fleet", "task", "0")))
                .add("rewinds", "Rewinds.", () -> 1);
        assertThrows(IllegalArgumentException.class, () -> gauges.add("rewinds", "Rewinds again.", () -> 2));
    }
}
