package io.fleetml.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import io.fleetml.testkit.pubsub.SubscriptionOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pub/Sub source from its built archive on a real 2-worker Connect cluster, pulling from the official Pub/Sub
 * emulator: records match the messages field by field, bad messages go to errors.topic or fail the task, nothing is
 * lost while tasks move between workers, and messages whose leases run out while Connect does not take them are
 * delivered again.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PubSubSourceIT {
    private static final long WAIT_MS = 180_000;
    private static final int NO_LOSS_MESSAGES = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An hour ago: brokers reject timestamps more than an hour ahead (log.message.timestamp.after.max.ms). */
    private static final long EVENT_TIME_MS = System.currentTimeMillis() - 3_600_000;

    private static PubSubEmulator pubsub;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(PubSubEmulator.available(), PubSubEmulator::unavailableReason);
        pubsub = PubSubEmulator.start();
        // A task of a worker that left is reassigned after this delay (default five minutes).
        connect = ConnectClusters.start("pubsub-it", 2, Bundle.pluginPath(), Map.of("scheduled.rebalance.max.delay.ms", "3000"));
    }

    @AfterEach
    void deleteConnectors() {
        if (connect != null) {
            for (String name : connect.connectors()) {
                connect.deleteConnector(name);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (pubsub != null) {
            pubsub.close();
        }
    }

    static Map<String, String> sourceConfig(PubSubEmulator pubsub, String subscription, String kafkaTopic) {
        Map<String, String> config = pubsub.sourceConnectorConfig(subscription, kafkaTopic);
        // Leases of a task that stops or dies run out within 10 s, so their messages come back quickly.
        config.put("pubsub.max.duration.per.ack.extension.seconds", "10");
        return config;
    }

    /**
     * The emulator ignores the flow control a client asks for and pushes everything it has onto the stream; messages
     * the client then holds back (past its own flow control) lose their leases and come back in waves. A window larger
     * than the test's backlog keeps every delivered message in the task, where its lease is extended.
     */
    static Map<String, String> noLossConfig(PubSubEmulator pubsub, String subscription, String kafkaTopic) {
        Map<String, String> config = sourceConfig(pubsub, subscription, kafkaTopic);
        config.put("pubsub.flow.control.messages", Integer.toString(2 * NO_LOSS_MESSAGES));
        return config;
    }

    static List<PubsubMessage> numbered(String prefix, int count) {
        List<PubsubMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(prefix + i)).putAttributes("n", Integer.toString(i)).build());
        }
        return messages;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> byMessageId(String topic, int expected) throws InterruptedException {
        Map<String, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
        TestUtils.waitForCondition(() -> {
            records.clear();
            connect.kafka().consumeAll(30_000, topic).forEach(r -> records.put(header(r, "pubsub.message.id"), r));
            return records.size() >= expected;
        }, WAIT_MS, () -> "expected " + expected + " messages in " + topic + ", found " + records.size());
        return records;
    }

    @Test
    void recordsMatchTheMessagesWithKeysTimestampsAndHeaders() throws Exception {
        pubsub.createTopic("payments-exact");
        pubsub.createSubscription("exact-by-vin", "payments-exact");
        pubsub.createSubscription("exact-by-order", "payments-exact", SubscriptionOptions.defaults().withMessageOrdering(true));
        connect.kafka().createTopic("pubsub.exact.vin", 3);
        connect.kafka().createTopic("pubsub.exact.order", 3);
        Map<String, String> byVin = sourceConfig(pubsub, "exact-by-vin", "pubsub.exact.vin");
        byVin.put("kafka.key.attribute", "vin");
        Map<String, String> byOrder = sourceConfig(pubsub, "projects/" + pubsub.projectId() + "/subscriptions/exact-by-order", "pubsub.exact.order");
        byOrder.put("kafka.key.attribute", "orderingKey");
        byOrder.put("kafka.timestamp.attribute", "ts");
        connect.configureConnector("pubsub-exact-vin", byVin);
        connect.configureConnector("pubsub-exact-order", byOrder);

        SplittableRandom random = new SplittableRandom(11);
        List<PubsubMessage> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(1, 2048)];
            random.nextBytes(payload);
            PubsubMessage.Builder message = PubsubMessage.newBuilder().setData(ByteString.copyFrom(payload))
                    .putAttributes("vin", "WVWZZZ1JZXW" + String.format("%06d", i))
                    .putAttributes("event_type", "payment")
                    .putAttributes("ts", Long.toString(EVENT_TIME_MS + i));
            if (i % 2 == 0) {
                message.setOrderingKey("VIN" + (i % 7));
            }
            messages.add(message.build());
        }
        List<String> ids = pubsub.publishAll("payments-exact", messages);

        Map<String, ConsumerRecord<byte[], byte[]>> vinRecords = byMessageId("pubsub.exact.vin", 200);
        Map<String, ConsumerRecord<byte[], byte[]>> orderRecords = byMessageId("pubsub.exact.order", 200);
        assertEquals(Set.copyOf(ids), vinRecords.keySet());
        assertEquals(Set.copyOf(ids), orderRecords.keySet());
        for (int i = 0; i < messages.size(); i++) {
            PubsubMessage sent = messages.get(i);
            ConsumerRecord<byte[], byte[]> byVinRecord = vinRecords.get(ids.get(i));
            assertArrayEquals(sent.getData().toByteArray(), byVinRecord.value(), "payload " + i);
            assertEquals(sent.getAttributesOrThrow("vin"), new String(byVinRecord.key(), StandardCharsets.UTF_8));
            assertEquals(sent.getAttributesOrThrow("vin"), header(byVinRecord, "vin"));
            assertEquals("payment", header(byVinRecord, "event_type"));
            assertEquals(sent.getAttributesOrThrow("ts"), header(byVinRecord, "ts"));
            assertEquals(Long.toString(byVinRecord.timestamp()), header(byVinRecord, "pubsub.publish.time"), "record time is the publish time");
            assertEquals(sent.getOrderingKey().isEmpty() ? null : sent.getOrderingKey(), header(byVinRecord, "pubsub.ordering.key"));

            ConsumerRecord<byte[], byte[]> byOrderRecord = orderRecords.get(ids.get(i));
            assertArrayEquals(sent.getData().toByteArray(), byOrderRecord.value(), "payload " + i);
            if (sent.getOrderingKey().isEmpty()) {
                assertNull(byOrderRecord.key());
            } else {
                assertEquals(sent.getOrderingKey(), new String(byOrderRecord.key(), StandardCharsets.UTF_8));
            }
            assertEquals(Long.parseLong(sent.getAttributesOrThrow("ts")), byOrderRecord.timestamp());
        }
        assertEquals(3, Set.copyOf(vinRecords.values().stream().map(ConsumerRecord::partition).toList()).size(),
                "Kafka's partitioner spreads the keys over all of the topic's partitions");
    }

    /**
     * The migration example, written for Google's CloudPubSubSourceConnector with only connector.class changed, runs as
     * written against the emulator: the test sets project, subscription and endpoint to the emulator's, drops the key
     * file (the emulator takes no credentials) and adds the one setting the emulator needs.
     */
    @Test
    void aConfigWrittenForGooglesPubSubSourceRunsWithOnlyItsConnectorClassChanged() throws Exception {
        pubsub.createTopic("payments-google");
        pubsub.createSubscription("payments-google-sub", "payments-google");
        Map<String, String> config = ConnectorExamples.config(ConnectorExamples.DIR.resolve("migration/google-pubsub-source.json"));
        config.remove("gcp.credentials.file.path");
        config.put("cps.project", pubsub.projectId());
        config.put("cps.subscription", "payments-google-sub");
        config.put("cps.endpoint", pubsub.hostPort());
        config.put("pubsub.endpoint.plaintext", "true");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        String kafkaTopic = config.get("kafka.topic");
        connect.kafka().createTopic(kafkaTopic, 1);
        connect.configureConnector(config.get("name"), config);
        List<PubsubMessage> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("payment " + i))
                    .putAttributes("vin", "VIN" + i).build());
        }
        List<String> ids = pubsub.publishAll("payments-google", messages);
        Map<String, ConsumerRecord<byte[], byte[]>> records = byMessageId(kafkaTopic, 20);
        assertEquals(Set.copyOf(ids), records.keySet());
        for (int i = 0; i < 20; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(ids.get(i));
            assertEquals("VIN" + i, new String(record.key(), StandardCharsets.UTF_8), "kafka.key.attribute=vin");
            assertEquals("VIN" + i, header(record, "vin"), "kafka.record.headers=true: attributes are headers");
            assertEquals("payment " + i, new String(record.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void jsonPayloadsBecomeFieldsAndBadOnesGoToTheErrorsTopicWithTheirRawBytes() throws Exception {
        pubsub.createTopic("payments-json");
        pubsub.createSubscription("json-sub", "payments-json");
        Map<String, String> config = sourceConfig(pubsub, "json-sub", "pubsub.json");
        config.put("payload.format", "json");
        config.put("payload.max.bytes", "4096");
        config.put("errors.topic", "pubsub.json.errors");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        connect.kafka().createTopic("pubsub.json", 1);
        connect.kafka().createTopic("pubsub.json.errors", 1);
        connect.configureConnector("pubsub-json", config);

        String good = "{\"payment_id\":\"p-1\",\"amount\":42.5,\"card\":{\"number\":\"4111111111111111\"},\"merchant\":{\"category\":\"fuel\"}}";
        byte[] invalid = "{\"driver\": Erika Mustermann}".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[5000];
        Arrays.fill(oversized, (byte) '1');
        List<String> ids = pubsub.publishAll("payments-json", List.of(
                PubsubMessage.newBuilder().setData(ByteString.copyFrom(invalid)).putAttributes("vin", "V1").build(),
                PubsubMessage.newBuilder().setData(ByteString.copyFrom(oversized)).putAttributes("vin", "V1").build(),
                PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(good)).putAttributes("vin", "V1").build()));

        ConsumerRecord<byte[], byte[]> parsed = connect.kafka().consume(1, WAIT_MS, "pubsub.json").iterator().next();
        assertEquals(JSON.readTree(good), JSON.readTree(parsed.value()));
        Map<String, ConsumerRecord<byte[], byte[]>> errors = byMessageId("pubsub.json.errors", 2);
        ConsumerRecord<byte[], byte[]> notJson = errors.get(ids.get(0));
        // The errors record goes through the connector's value.converter: JsonConverter writes the raw bytes as base64.
        assertArrayEquals(invalid, JSON.readTree(notJson.value()).binaryValue());
        assertEquals("invalid-payload", header(notJson, "pubsub.error.kind"));
        assertFalse(header(notJson, "pubsub.error.reason").contains("Erika"), "the reason does not quote the payload");
        assertNull(header(notJson, "vin"), "attribute values stay out of the errors topic");
        assertEquals("vin", header(notJson, "pubsub.attribute.names"));
        ConsumerRecord<byte[], byte[]> tooLarge = errors.get(ids.get(1));
        assertEquals("payload-too-large", header(tooLarge, "pubsub.error.kind"));
        assertEquals("5000", header(tooLarge, "pubsub.payload.size"));
        assertArrayEquals(oversized, JSON.readTree(tooLarge.value()).binaryValue(), "still fits a produce request, so it keeps its bytes");
        assertEquals("RUNNING", connect.connectorStatus("pubsub-json").tasks().get(0).state());
    }

    @Test
    void withoutAnErrorsTopicABadMessageFailsTheTaskNamingTheMessage() throws Exception {
        pubsub.createTopic("payments-strict");
        pubsub.createSubscription("strict-sub", "payments-strict");
        Map<String, String> config = sourceConfig(pubsub, "strict-sub", "pubsub.strict");
        config.put("payload.format", "json");
        connect.kafka().createTopic("pubsub.strict", 1);
        connect.configureConnector("pubsub-strict", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pubsub-strict", 1, "task did not start");
        String id = pubsub.publishAll("payments-strict", List.of(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("not json")).build())).get(0);
        TestUtils.waitForCondition(() -> {
            ConnectorStateInfo.TaskState task = connect.connectorStatus("pubsub-strict").tasks().get(0);
            return "FAILED".equals(task.state());
        }, WAIT_MS, "the task should fail on a message it cannot turn into a record");
        String trace = connect.connectorStatus("pubsub-strict").tasks().get(0).trace();
        assertTrue(trace.contains("message " + id) && trace.contains("not valid JSON") && trace.contains("errors.topic"), trace);
    }

    @Test
    void tasksShareTheSubscriptionAndNothingIsLostWhenTheWorkerRunningATaskLeaves() throws Exception {
        String topic = "pubsub.noloss.worker";
        pubsub.createTopic("noloss-worker");
        pubsub.createSubscription("noloss-worker-sub", "noloss-worker");
        connect.kafka().createTopic(topic, 1);
        Map<String, String> config = noLossConfig(pubsub, "noloss-worker-sub", topic);
        config.put("tasks.max", "2");
        connect.configureConnector("pubsub-worker", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pubsub-worker", 2, "tasks did not start");
        CompletableFuture<List<String>> publishing = CompletableFuture.supplyAsync(
                () -> pubsub.publishAll("noloss-worker", numbered("m-", NO_LOSS_MESSAGES)));
        connect.kafka().consume(NO_LOSS_MESSAGES / 5, WAIT_MS, topic);
        WorkerHandle running = workerRunningTask("pubsub-worker");
        connect.removeWorker(running);
        try {
            publishing.get(WAIT_MS, TimeUnit.MILLISECONDS);
            NumberedMessages.assertAllArrived(connect.kafka(), topic, NO_LOSS_MESSAGES, WAIT_MS);
        } finally {
            connect.addWorker();
        }
    }

    @Test
    void messagesWhoseLeasesRunOutWhileConnectDoesNotTakeThemAreDeliveredAgain() throws Exception {
        String topic = "pubsub.redelivery";
        pubsub.createTopic("redelivery");
        pubsub.createSubscription("redelivery-sub", "redelivery", SubscriptionOptions.defaults().withAckDeadlineSeconds(10));
        connect.kafka().createTopic(topic, 1);
        Map<String, String> config = sourceConfig(pubsub, "redelivery-sub", topic);
        config.put("pubsub.max.ack.extension.seconds", "10");
        config.put("pubsub.flow.control.messages", "100");
        connect.configureConnector("pubsub-redelivery", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pubsub-redelivery", 1, "task did not start");
        // A task Connect creates while the connector is paused is not started until it resumes, so it would pull nothing:
        // one message through Kafka first shows the task that will be paused is started and past the rebalances of its
        // creation, in which Connect may stop and recreate it.
        List<PubsubMessage> messages = numbered("m-", 300);
        pubsub.publishAll("redelivery", messages.subList(0, 1));
        connect.kafka().consume(1, WAIT_MS, topic);
        connect.pauseConnector("pubsub-redelivery");
        connect.assertions().assertConnectorAndExactlyNumTasksArePaused("pubsub-redelivery", 1, "connector did not pause");

        pubsub.publishAll("redelivery", messages.subList(1, messages.size()));
        TestUtils.waitForCondition(() -> taskMetric("pubsub-redelivery", "messages-expired") > 0, WAIT_MS,
                "no lease ran out while the connector was paused");
        connect.resumeConnector("pubsub-redelivery");
        int duplicates = NumberedMessages.assertAllArrived(connect.kafka(), topic, 300, WAIT_MS);
        System.out.printf("%.0f leases ran out while paused; %d duplicates%n", taskMetric("pubsub-redelivery", "messages-expired"), duplicates);
    }

    /** A task metric of the connector, read from the workers' JMX beans (the workers run in this JVM). */
    private static double taskMetric(String connector, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName bean : server.queryNames(new ObjectName("kafka.connect:connector=" + connector + ",*"), null)) {
            for (var attribute : server.getMBeanInfo(bean).getAttributes()) {
                if (attribute.getName().equals(name)) {
                    total += ((Number) server.getAttribute(bean, name)).doubleValue();
                }
            }
        }
        return total;
    }

    private static WorkerHandle workerRunningTask(String connector) {
        String workerId = connect.connectorStatus(connector).tasks().get(0).workerId();
        return connect.workers().stream().filter(w -> w.url().getAuthority().equals(workerId) || w.url().toString().contains(workerId))
                .findFirst().orElseThrow(() -> new AssertionError("no worker " + workerId));
    }
}
