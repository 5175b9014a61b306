package io.fleetml.connect.mqtt;

import io.fleetml.contract.SourceTaskPolling;
import io.fleetml.testkit.connect.MetricsOnlyTaskContext;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task's plugin metrics against a real HiveMQ broker, read through Kafka's metrics registry as a reporter reads
 * them. Connect's part (calling {@code commitRecord} once Kafka has a record) is played by the test, which is what lets
 * it hold messages in flight on purpose.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MqttSourceTaskMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONNECTOR = "fleet";

    private MqttBroker broker;
    private MqttPublisher publisher;
    private Metrics metrics;
    private MqttSourceTask task;

    @BeforeEach
    void start() throws Exception {
        broker = MqttBroker.builder().build().start();
        publisher = new MqttPublisher("127.0.0.1", broker.port());
        startTask();
    }

    /** A task with metrics of its own, subscribed once its persistent session is (again) in the broker. */
    private void startTask() {
        metrics = new Metrics();
        PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", CONNECTOR, "task", "0"));
        task = new MqttSourceTask();
        task.initialize(new MetricsOnlyTaskContext(pluginMetrics));
        task.start(Map.of("name", CONNECTOR, "mqtt.server.uris", broker.tcpUri(), "mqtt.topics", "vehicles/{vin}/telemetry",
                "kafka.topic", "telemetry", "payload.format", "json", "payload.max.bytes", "64",
                "errors.topic", "telemetry.errors", "mqtt.reconnect.backoff.max.ms", "200"));
        broker.awaitSubscription("fleetml-" + CONNECTOR + "-0", WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        task.stop();
        publisher.close();
        broker.close();
        metrics.close();
    }

    @Test
    void countsReceivedInFlightAcknowledgedAndErrorsTopicMessagesExactly() throws Exception {
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(Map.entry("vehicles/V" + i + "/telemetry", ("{\"speed\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        messages.add(Map.entry("vehicles/BAD/telemetry", "{\"speed\":".getBytes(StandardCharsets.UTF_8)));
        messages.add(Map.entry("vehicles/BIG/telemetry", ("{\"notes\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8)));
        long payloadBytes = messages.stream().mapToLong(m -> m.getValue().length).sum();
        // Published while the task is away, into its persistent session, and delivered as a backlog when it comes back:
        // HiveMQ CE sometimes delivered only the first of messages published right after the subscription until an
        // acknowledgement came, and this test holds every acknowledgement back on purpose.
        task.stop();
        metrics.close();
        publisher.publishAll(messages);
        startTask();

        // A resumed session hands over its first message alone and the rest once Kafka has it (see DeliveryGate).
        SourceRecord first = pollUntil(1).get(0);
        assertEquals(1.0, metric("messages-in-flight"));
        task.commitRecord(first, null);
        assertEquals(1.0, metric("messages-acknowledged"));
        List<SourceRecord> records = pollUntil(messages.size() - 1);
        assertEquals(7.0, metric("messages-received"));
        assertEquals(2.0, metric("messages-to-errors-topic"), "the malformed and the oversized message");
        assertEquals(2, records.stream().filter(r -> r.topic().equals("telemetry.errors")).count());
        assertEquals(6.0, metric("messages-in-flight"));
        assertEquals((double) (payloadBytes - messages.get(0).getValue().length), metric("bytes-in-flight"));
        assertEquals(1.0, metric("messages-acknowledged"), "nothing more is acknowledged before Kafka has it");

        task.commitRecord(records.get(2), null);
        task.commitRecord(records.get(1), null);
        assertEquals(1.0, metric("messages-acknowledged"), "acknowledgements go in receive order");
        task.commitRecord(records.get(0), null);
        assertEquals(4.0, metric("messages-acknowledged"));
        assertEquals(3.0, metric("messages-in-flight"));
        for (SourceRecord record : records.subList(3, records.size())) {
            task.commitRecord(record, null);
        }
        assertEquals(7.0, metric("messages-acknowledged"));
        assertEquals(0.0, metric("messages-in-flight"));
        assertEquals(0.0, metric("bytes-in-flight"));
        assertEquals(0.0, metric("connection-losses"));
        assertEquals(0.0, metric("reconnects"));
    }

    @Test
    void aBrokerRestartCountsOneConnectionLossAndOneReconnect() {
        broker.restart();
        await(() -> metric("reconnects").equals(1.0), "the task reconnected after the broker restart");
        assertEquals(1.0, metric("connection-losses"), "failed attempts while the broker was down are not losses");
    }

    private List<SourceRecord> pollUntil(int count) throws InterruptedException {
        return SourceTaskPolling.pollUntil(task, count, WAIT);
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private Object metric(String name) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("plugins") && e.getKey().name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name)).getValue().metricValue();
    }
}
