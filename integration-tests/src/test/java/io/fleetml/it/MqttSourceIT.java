package io.fleetml.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT source from its built archive on a real 3-worker Connect cluster, reading from a real HiveMQ broker: records
 * match the messages byte for byte, and no message is lost when the worker running the task leaves, when the broker
 * restarts, or when tasks.max changes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MqttSourceIT {
    private static final long WAIT_MS = 180_000;
    private static final int NO_LOSS_MESSAGES = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MqttBroker broker;
    private static EmbeddedConnectCluster connect;
    private static MqttPublisher publisher;

    @BeforeAll
    static void start() throws Exception {
        broker = MqttBroker.builder().build().start();
        // A task of a worker that left is reassigned after this delay (default five minutes).
        connect = ConnectClusters.start("mqtt-it", 3, Bundle.pluginPath(), Map.of("scheduled.rebalance.max.delay.ms", "3000"));
        publisher = new MqttPublisher("127.0.0.1", broker.port());
    }

    /** A failed test must not leave its connector competing with the next test's for the broker and the workers. */
    @AfterEach
    void deleteConnectors() {
        for (String name : connect.connectors()) {
            connect.deleteConnector(name);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, String> sourceConfig(String mqttFilter, String kafkaTopic, String serverUri) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.mqtt.MqttSourceConnector");
        config.put("tasks.max", "1");
        config.put("mqtt.server.uris", serverUri);
        config.put("mqtt.topics", mqttFilter);
        config.put("kafka.topic", kafkaTopic);
        config.put("mqtt.reconnect.backoff.max.ms", "1000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    /**
     * A subscription only exists once the task has subscribed, and MQTT drops what nobody subscribes to; so publish
     * probes until one reaches Kafka. Probes are named so the checks can tell them apart.
     */
    static void awaitSubscribed(EmbeddedKafkaCluster kafka, MqttPublisher publisher, String mqttTopic, String kafkaTopic)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        int probe = 0;
        while (System.currentTimeMillis() < deadline) {
            publisher.publishNumbered(mqttTopic, "probe-", probe, probe + 1);
            probe++;
            try {
                kafka.consume(1, 1_000, kafkaTopic);
                return;
            } catch (RuntimeException notYet) {
                // nothing arrived within the second: publish the next probe
            }
        }
        throw new AssertionError("the connector never delivered a probe from " + mqttTopic + " to " + kafkaTopic);
    }

    @Test
    void recordsMatchTheMessagesByteForByteWithKeysTopicsAndHeaders() throws Exception {
        Map<String, String> config = sourceConfig("fleet/{vin}/{signal}", "mqtt.exact.{signal}", broker.tcpUri());
        config.put("kafka.key", "{vin}");
        connect.kafka().createTopic("mqtt.exact.probe", 1);
        connect.kafka().createTopic("mqtt.exact.raw", 1);
        connect.kafka().createTopic("mqtt.exact.text", 1);
        connect.configureConnector("mqtt-exact", config);
        awaitSubscribed(connect.kafka(), publisher, "fleet/PROBE/probe", "mqtt.exact.probe");

        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> raw = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(1, 2048)];
            random.nextBytes(payload);
            raw.add(payload);
            publisher.publish(Mqtt5Publish.builder().topic("fleet/VIN" + i + "/raw").qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                    .contentType("application/octet-stream").correlationData(new byte[] {(byte) i})
                    .messageExpiryInterval(3600).userProperties().add("fleet", "eu-" + i).add("fleet", "second").applyUserProperties()
                    .build());
            String text = "Grüße aus dem Fahrzeug " + i + " — ✓";
            texts.add(text);
            publisher.publish(Mqtt5Publish.builder().topic("fleet/VIN" + i + "/text").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(text.getBytes(StandardCharsets.UTF_8)).build());
        }
        ConsumerRecords<byte[], byte[]> rawRecords = connect.kafka().consume(200, WAIT_MS, "mqtt.exact.raw");
        ConsumerRecords<byte[], byte[]> textRecords = connect.kafka().consume(200, WAIT_MS, "mqtt.exact.text");
        int i = 0;
        for (ConsumerRecord<byte[], byte[]> record : rawRecords) {
            assertEquals("VIN" + i, new String(record.key(), StandardCharsets.UTF_8));
            assertArrayEquals(raw.get(i), record.value(), "payload " + i);
            assertEquals("fleet/VIN" + i + "/raw", header(record, "mqtt.topic"));
            assertEquals("1", header(record, "mqtt.qos"));
            assertEquals("false", header(record, "mqtt.retain"));
            assertEquals("application/octet-stream", header(record, "mqtt.content.type"));
            assertArrayEquals(new byte[] {(byte) i}, Base64.getDecoder().decode(header(record, "mqtt.correlation.data")));
            assertTrue(Long.parseLong(header(record, "mqtt.message.expiry.interval")) <= 3600);
            List<String> fleet = new ArrayList<>();
            record.headers().headers("fleet").forEach(h -> fleet.add(new String(h.value(), StandardCharsets.UTF_8)));
            assertEquals(List.of("eu-" + i, "second"), fleet);
            i++;
        }
        assertEquals(200, i);
        i = 0;
        for (ConsumerRecord<byte[], byte[]> record : textRecords) {
            assertEquals(texts.get(i), new String(record.value(), StandardCharsets.UTF_8));
            i++;
        }
        connect.deleteConnector("mqtt-exact");
    }

    /**
     * The migration example, written for Confluent's MQTT source with only connector.class changed, runs as written
     * against a plain broker: only the broker URI and its TLS stores are this test's.
     */
    @Test
    void aConfigWrittenForConfluentsMqttSourceRunsWithOnlyItsConnectorClassChanged() throws Exception {
        Map<String, String> config = ConnectorExamples.config(ConnectorExamples.DIR.resolve("migration/confluent-mqtt-source.json"));
        config.keySet().removeIf(key -> key.startsWith("mqtt.ssl."));
        config.put("mqtt.server.uri", broker.tcpUri());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        String kafkaTopic = config.get("kafka.topic");
        connect.kafka().createTopic(kafkaTopic, 1);
        connect.configureConnector(config.get("name"), config);
        awaitSubscribed(connect.kafka(), publisher, "vehicles/PROBE/telemetry", kafkaTopic);
        for (int i = 0; i < 50; i++) {
            publisher.publish(Mqtt5Publish.builder().topic("vehicles/V" + i + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("reading " + i).getBytes(StandardCharsets.UTF_8)).build());
        }
        List<String> received = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            received.clear();
            for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consumeAll(30_000, kafkaTopic)) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (!key.contains("PROBE")) {
                    assertEquals(key.replace("vehicles/V", "reading ").replace("/telemetry", ""),
                            new String(record.value(), StandardCharsets.UTF_8), "the key is the MQTT topic, as in Confluent's source");
                    received.add(key);
                }
            }
            return received.size() >= 50;
        }, WAIT_MS, () -> "messages keyed by their MQTT topic in Kafka: " + received.size() + " of 50");
        assertEquals(50, received.size(), "every message once: " + received);
        connect.deleteConnector(config.get("name"));
    }

    @Test
    void jsonPayloadsBecomeFieldsAndBadOnesGoToTheErrorsTopicWithTheirRawBytes() throws Exception {
        Map<String, String> config = sourceConfig("json/{vin}", "mqtt.json", broker.tcpUri());
        config.put("payload.format", "json");
        config.put("payload.max.bytes", "4096");
        config.put("errors.topic", "mqtt.json.errors");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        connect.kafka().createTopic("mqtt.json", 1);
        connect.kafka().createTopic("mqtt.json.errors", 1);
        connect.configureConnector("mqtt-json", config);
        awaitSubscribed(connect.kafka(), publisher, "json/PROBE", "mqtt.json.errors");

        String good = "{\"vin\":\"V1\",\"speed\":88.5,\"location\":{\"lat\":48.137,\"lon\":11.575},\"codes\":[\"P0420\"]}";
        byte[] invalid = "{\"driver\": Erika Mustermann}".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[5000];
        Arrays.fill(oversized, (byte) '1');
        publisher.publish(Mqtt5Publish.builder().topic("json/V1").qos(MqttQos.AT_LEAST_ONCE).payload(invalid).build());
        publisher.publish(Mqtt5Publish.builder().topic("json/V1").qos(MqttQos.AT_LEAST_ONCE).payload(oversized).build());
        publisher.publish(Mqtt5Publish.builder().topic("json/V1").qos(MqttQos.AT_LEAST_ONCE).payload(good.getBytes(StandardCharsets.UTF_8)).build());

        ConsumerRecords<byte[], byte[]> records = connect.kafka().consume(1, WAIT_MS, "mqtt.json");
        assertEquals(JSON.readTree(good), JSON.readTree(records.iterator().next().value()));
        // Probes ("probe-N", not JSON) went to the errors topic too; the two bad messages are the others.
        List<ConsumerRecord<byte[], byte[]>> errors = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            errors.clear();
            for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(30_000, "mqtt.json.errors")) {
                if (!new String(JSON.readTree(r.value()).binaryValue(), StandardCharsets.UTF_8).startsWith("probe-")) {
                    errors.add(r);
                }
            }
            return errors.size() == 2;
        }, WAIT_MS, () -> "expected the two bad messages in mqtt.json.errors, found " + errors.size());
        ConsumerRecord<byte[], byte[]> notJson = errors.get(0);
        // The errors record goes through the connector's value.converter like every record: JsonConverter writes the
        // raw bytes as a base64 JSON string, losslessly.
        assertArrayEquals(invalid, JSON.readTree(notJson.value()).binaryValue());
        String label = header(notJson, "mqtt.topic.label");
        assertTrue(label.startsWith("json/{vin}#") && label.equals(new String(notJson.key(), StandardCharsets.UTF_8)),
                "keyed and labelled by the filter and a hash, not by the vehicle's topic: " + label);
        assertNull(notJson.headers().lastHeader("mqtt.topic"), "no raw MQTT topic in the errors topic");
        assertEquals("invalid-payload", header(notJson, "mqtt.error.kind"));
        assertTrue(!header(notJson, "mqtt.error.reason").contains("Erika"), "the reason does not quote the payload");
        ConsumerRecord<byte[], byte[]> tooLarge = errors.get(1);
        assertEquals("payload-too-large", header(tooLarge, "mqtt.error.kind"));
        assertEquals("5000", header(tooLarge, "mqtt.payload.size"));
        assertArrayEquals(oversized, JSON.readTree(tooLarge.value()).binaryValue(), "still fits a produce request, so it keeps its bytes");
        assertEquals("RUNNING", connect.connectorStatus("mqtt-json").tasks().get(0).state());
        connect.deleteConnector("mqtt-json");
    }

    @Test
    void withoutAnErrorsTopicABadMessageFailsTheTaskNamingTheFilterButNotTheVehicle() throws Exception {
        Map<String, String> config = sourceConfig("strict/{vin}", "mqtt.strict", broker.tcpUri());
        config.put("payload.format", "json");
        connect.kafka().createTopic("mqtt.strict", 1);
        connect.configureConnector("mqtt-strict", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-strict", 1, "task did not start");
        TestUtils.waitForCondition(() -> {
            publisher.publish(Mqtt5Publish.builder().topic("strict/V9").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("not json".getBytes(StandardCharsets.UTF_8)).build());
            ConnectorStateInfo.TaskState task = connect.connectorStatus("mqtt-strict").tasks().get(0);
            return "FAILED".equals(task.state());
        }, WAIT_MS, "the task should fail on a message it cannot turn into a record");
        String trace = connect.connectorStatus("mqtt-strict").tasks().get(0).trace();
        assertTrue(trace.contains("MQTT topic strict/{vin}#") && trace.contains("not valid JSON") && trace.contains("errors.topic"), trace);
        assertFalse(trace.contains("V9"), "the task status names no vehicle: " + trace);
        connect.deleteConnector("mqtt-strict");
    }

    @Test
    void noMessageIsLostWhenTheWorkerRunningTheTaskLeaves() throws Exception {
        String topic = "mqtt.noloss.worker";
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector("mqtt-worker", sourceConfig("noloss/worker", topic, broker.tcpUri()));
        awaitSubscribed(connect.kafka(), publisher, "noloss/worker", topic);
        CompletableFuture<Void> publishing = NumberedMessages.publishInBackground(publisher, "noloss/worker", NO_LOSS_MESSAGES);
        WorkerHandle running = workerRunningTask("mqtt-worker");
        awaitRecords(topic, NO_LOSS_MESSAGES / 5);
        connect.removeWorker(running);
        try {
            publishing.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertAllArrived(topic, NO_LOSS_MESSAGES);
        } finally {
            connect.addWorker();
        }
    }

    @Test
    void noMessageIsLostWhenTheBrokerRestarts() throws Exception {
        String topic = "mqtt.noloss.broker";
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector("mqtt-broker", sourceConfig("noloss/broker", topic, broker.tcpUri()));
        awaitSubscribed(connect.kafka(), publisher, "noloss/broker", topic);
        publisher.publishNumbered("noloss/broker", "m-", 0, NO_LOSS_MESSAGES / 2);
        broker.restart();
        publisher.close();
        publisher = new MqttPublisher("127.0.0.1", broker.port());
        publisher.publishNumbered("noloss/broker", "m-", NO_LOSS_MESSAGES / 2, NO_LOSS_MESSAGES);
        assertAllArrived(topic, NO_LOSS_MESSAGES);
    }

    @Test
    void theFirstConnectIsRetriedUntilTheBrokerComesUp() throws Exception {
        try (MqttBroker late = MqttBroker.builder().build()) {
            String topic = "mqtt.late";
            connect.kafka().createTopic(topic, 1);
            connect.configureConnector("mqtt-late", sourceConfig("late/{vin}", topic, late.tcpUri()));
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-late", 1, "the task runs while it retries");
            late.start();
            late.awaitSubscription("fleetml-mqtt-late-0", Duration.ofMillis(WAIT_MS));
            try (MqttPublisher vehicles = new MqttPublisher("127.0.0.1", late.port())) {
                vehicles.publishNumbered("late/V1", "m-", 0, 1_000);
            }
            assertAllArrived(topic, 1_000);
        }
    }

    @Test
    void aBrokerThatStaysAwayFailsTheTaskAfterTheAllowedOutage() throws Exception {
        try (MqttBroker absent = MqttBroker.builder().build()) {
            Map<String, String> config = sourceConfig("absent/{vin}", "mqtt.absent", absent.tcpUri());
            config.put("mqtt.max.outage.ms", "5000");
            connect.kafka().createTopic("mqtt.absent", 1);
            connect.configureConnector("mqtt-absent", config);
            TestUtils.waitForCondition(() -> {
                ConnectorStateInfo status = connect.connectorStatus("mqtt-absent");
                return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
            }, WAIT_MS, "the task should fail once the outage is longer than mqtt.max.outage.ms");
            String trace = connect.connectorStatus("mqtt-absent").tasks().get(0).trace();
            assertTrue(trace.contains("no MQTT broker of [" + absent.tcpUri() + "] reachable") && trace.contains("mqtt.max.outage.ms=5000")
                    && trace.contains("Connection refused"), trace);
        }
    }

    /**
     * A broker that lost its state (data wiped, or a clean-session broker) accepts the reconnect without a session:
     * the task must subscribe again on its own, or it would sit RUNNING and receive nothing.
     */
    @Test
    void theTaskSubscribesAgainWhenTheBrokerLostItsSession() throws Exception {
        String topic = "mqtt.resubscribe";
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector("mqtt-resubscribe", sourceConfig("resubscribe/{vin}", topic, broker.tcpUri()));
        awaitSubscribed(connect.kafka(), publisher, "resubscribe/probe", topic);
        broker.restartWithoutState();
        publisher.close();
        publisher = new MqttPublisher("127.0.0.1", broker.port());
        broker.awaitSubscription("fleetml-mqtt-resubscribe-0", Duration.ofMillis(WAIT_MS));
        publisher.publishNumbered("resubscribe/V1", "m-", 0, 1_000);
        assertAllArrived(topic, 1_000);
    }

    @Test
    void noMessageIsLostWhenTasksMaxChanges() throws Exception {
        String topic = "mqtt.noloss.tasks";
        connect.kafka().createTopic(topic, 1);
        Map<String, String> config = sourceConfig("noloss/tasks/{vin}", topic, broker.tcpUri());
        connect.configureConnector("mqtt-tasks", config);
        awaitSubscribed(connect.kafka(), publisher, "noloss/tasks/probe", topic);
        CompletableFuture<Void> publishing = NumberedMessages.publishInBackground(publisher, "noloss/tasks/V1", NO_LOSS_MESSAGES);
        awaitRecords(topic, NO_LOSS_MESSAGES / 5);
        config.put("tasks.max", "3");
        connect.configureConnector("mqtt-tasks", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-tasks", 3, "tasks did not scale up");
        awaitRecords(topic, 2 * NO_LOSS_MESSAGES / 5);
        config.put("tasks.max", "2");
        connect.configureConnector("mqtt-tasks", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-tasks", 2, "tasks did not scale down");
        publishing.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertAllArrived(topic, NO_LOSS_MESSAGES);
    }

    private static void awaitRecords(String topic, int count) {
        connect.kafka().consume(count, WAIT_MS, topic);
    }

    private static WorkerHandle workerRunningTask(String connector) throws InterruptedException {
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "task did not start");
        String workerId = connect.connectorStatus(connector).tasks().get(0).workerId();
        return connect.workers().stream().filter(w -> w.url().getAuthority().equals(workerId) || w.url().toString().contains(workerId))
                .findFirst().orElseThrow(() -> new AssertionError("no worker " + workerId + " in " + connect.workers()));
    }

    private static void assertAllArrived(String topic, int messages) throws InterruptedException {
        NumberedMessages.assertAllArrived(connect.kafka(), topic, messages, WAIT_MS);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
