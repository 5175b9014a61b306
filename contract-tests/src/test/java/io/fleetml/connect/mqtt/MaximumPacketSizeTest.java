package io.fleetml.connect.mqtt;

import io.fleetml.contract.SourceTaskPolling;
import io.fleetml.testkit.connect.MetricsOnlyTaskContext;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@code mqtt.max.packet.bytes} reaches a real broker (HiveMQ CE) as the MQTT 5 maximum packet size, so a publish
 * larger than that never reaches the worker's heap: the broker discards it for this client, as the specification
 * says, and sends the next one. The larger message goes first on the same topic, so receiving only the smaller one,
 * and first, shows the larger one was not sent.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MaximumPacketSizeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_PACKET_BYTES = 2048;

    @Test
    void aPublishLargerThanTheAnnouncedMaximumIsNotSentToTheTask() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().build().start(); Metrics metrics = new Metrics();
             MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port())) {
            MqttSourceTask task = new MqttSourceTask();
            task.initialize(new MetricsOnlyTaskContext(new PluginMetricsImpl(metrics, Map.of("connector", "fleet", "task", "0"))));
            task.start(Map.of("name", "fleet", "mqtt.server.uris", broker.tcpUri(), "mqtt.topics", "vehicles/{vin}/telemetry",
                    "kafka.topic", "telemetry", "mqtt.max.packet.bytes", String.valueOf(MAX_PACKET_BYTES)));
            try {
                broker.awaitSubscription("fleetml-fleet-0", WAIT);
                byte[] huge = new byte[2 * MAX_PACKET_BYTES];
                Arrays.fill(huge, (byte) 'x');
                byte[] small = "{\"speed\":88.5}".getBytes();
                for (byte[] payload : List.of(huge, small)) {
                    publisher.publish(Mqtt5Publish.builder().topic("vehicles/V1/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(payload).build());
                }
                List<SourceRecord> records = SourceTaskPolling.pollUntil(task, 1, WAIT);
                assertArrayEquals(small, (byte[]) records.get(0).value());
            } finally {
                task.stop();
            }
        }
    }
}
