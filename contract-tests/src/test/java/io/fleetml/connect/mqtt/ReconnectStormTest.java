package io.fleetml.connect.mqtt;

import io.fleetml.testkit.connect.MetricsOnlyTaskContext;
import io.fleetml.testkit.mqtt.MqttBroker;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second client with the task's client id (the same connector name on two Connect clusters, say) takes the session
 * over, and both reconnect at once, again and again, on a real HiveMQ broker: the storm shows in the reconnects metric,
 * and the task fails after {@code mqtt.max.outage.ms} instead of staying RUNNING while it loops.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReconnectStormTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aTaskThatKeepsLosingItsSessionToATwinFailsAfterTheAllowedOutage() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().build().start(); Metrics metrics = new Metrics()) {
            MqttSourceTask task = new MqttSourceTask();
            task.initialize(new MetricsOnlyTaskContext(new PluginMetricsImpl(metrics, Map.of("connector", "fleet", "task", "0"))));
            task.start(Map.of("name", "fleet", "mqtt.server.uris", broker.tcpUri(), "mqtt.topics", "vehicles/{vin}/telemetry",
                    "kafka.topic", "telemetry", "mqtt.max.outage.ms", "6000", "mqtt.reconnect.backoff.initial.ms", "20",
                    "mqtt.reconnect.backoff.max.ms", "200"));
            Mqtt5AsyncClient twin = MqttClient.builder().useMqttVersion5().identifier("fleetml-fleet-0")
                    .serverHost("127.0.0.1").serverPort(broker.port())
                    .automaticReconnect().initialDelay(20, TimeUnit.MILLISECONDS).maxDelay(200, TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect().buildAsync();
            try {
                broker.awaitSubscription("fleetml-fleet-0", WAIT);
                twin.connect();
                long deadline = System.nanoTime() + WAIT.toNanos();
                ConnectException failure = assertThrows(ConnectException.class, () -> {
                    while (System.nanoTime() < deadline) {
                        task.poll();
                    }
                });
                assertTrue(failure.getMessage().contains("accepted task fleetml-fleet-0")
                        && failure.getMessage().contains("dropped it each time"), failure.getMessage());
                double reconnects = (double) metrics.metrics().entrySet().stream()
                        .filter(e -> e.getKey().group().equals("plugins") && e.getKey().name().equals("reconnects"))
                        .findFirst().orElseThrow().getValue().metricValue();
                assertTrue(reconnects >= 2, "reconnects " + reconnects + "; " + failure.getMessage());
            } finally {
                twin.disconnect();
                task.stop();
            }
        }
    }
}
