package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.simulator.FleetRecords;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.ObjectName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payloads the demo's transform chain (PiiMask, then FraudScore) cannot fully process, sent between good payments
 * through the MQTT source of a real worker with the transforms' default error settings: the task keeps running, every
 * message reaches Kafka with the reason in a header where a transform could not do its work, the planted card
 * number never does, the transforms' metrics count each case, and the broker has every message acknowledged.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SourceBadRecordsIT {
    private static final long WAIT_MS = 180_000;
    private static final String SOURCE = "bad-records-mqtt";
    private static final String TOPIC = "payments.bad-records";
    private static final String CARD = "4111111111111111";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The worker runs in this JVM. */
    private static final JmxCounts JMX = new JmxCounts(ManagementFactory.getPlatformMBeanServer());

    private static MqttBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        broker = MqttBroker.builder().build().start();
        connect = ConnectClusters.start("bad-records-it", 1, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsTheTransformsCannotProcessPassWithTheirReasonAndTheTaskRunsOn() throws Exception {
        FleetRecords payments = new FleetRecords(7);
        Map<String, Object> numericCard = payments.paymentMap(1);
        numericCard.put("card", Map.of("number", Long.parseLong(CARD)));
        Map<String, Object> nanPosition = payments.paymentMap(2);
        ((Map<String, Object>) nanPosition.get("vehicle")).put("location", "NaN,1");
        Map<String, Object> huge = payments.paymentMap(5);
        huge.put("amount", 1e300);
        Map<String, Object> alreadyScored = payments.paymentMap(3);
        alreadyScored.put("fraud_score", 0.0);
        Map<String, Object> messages = new LinkedHashMap<>();
        messages.put("good-0", payments.paymentMap(0));
        messages.put("number", 42);
        messages.put("array", List.of(1));
        messages.put("string", "x");
        messages.put("numeric-card", numericCard);
        messages.put("nan-position", nanPosition);
        messages.put("already-scored", alreadyScored);
        messages.put("huge-amount", huge);
        messages.put("good-4", payments.paymentMap(4));

        connect.kafka().createTopic(TOPIC, 1);
        connect.configureConnector(SOURCE, sourceWithTheDemoChain());
        broker.awaitSubscription("fleetml-" + SOURCE + "-0", Duration.ofMillis(WAIT_MS));
        try (MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port())) {
            List<Map.Entry<String, byte[]>> publishes = new ArrayList<>();
            messages.forEach((id, payload) -> publishes.add(Map.entry("payments/" + id, json(payload))));
            publisher.publishAll(publishes);
        }

        Map<String, ConsumerRecord<byte[], byte[]>> byId = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consume(messages.size(), WAIT_MS, TOPIC)) {
            byId.put(new String(record.key(), StandardCharsets.UTF_8), record);
            assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(CARD), "a raw card number reached Kafka");
        }
        assertEquals(messages.keySet(), byId.keySet(), "every message");

        for (String good : List.of("good-0", "good-4")) {
            JsonNode value = JSON.readTree(byId.get(good).value());
            assertTrue(value.path("fraud_score").isNumber(), good + " is scored: " + value);
            assertNull(header(byId.get(good), "fraud_score_skipped"));
            assertNull(header(byId.get(good), "pii_mask_dropped"));
        }
        for (String notAnObject : List.of("number", "array", "string")) {
            assertEquals(JSON.readTree(json(messages.get(notAnObject))), JSON.readTree(byId.get(notAnObject).value()));
            assertTrue(header(byId.get(notAnObject), "fraud_score_skipped").contains("not a JSON object or Struct"),
                    notAnObject);
        }
        JsonNode card = JSON.readTree(byId.get("numeric-card").value());
        assertTrue(card.path("card").isObject() && !card.path("card").has("number"), card.toString());
        assertTrue(header(byId.get("numeric-card"), "pii_mask_dropped").contains("'card.number'"));
        JsonNode nan = JSON.readTree(byId.get("nan-position").value());
        assertFalse(nan.path("vehicle").has("location"), nan.toString());
        assertTrue(header(byId.get("nan-position"), "pii_mask_dropped").contains("'vehicle.location'"));
        assertTrue(header(byId.get("nan-position"), "fraud_score_skipped").contains("vehicle.location"),
                "the dropped position is a missing feature to FraudScore");
        assertTrue(header(byId.get("already-scored"), "fraud_score_skipped").contains("already has a field 'fraud_score'"));
        JsonNode hugeAmount = JSON.readTree(byId.get("huge-amount").value());
        assertTrue(Double.isFinite(hugeAmount.path("fraud_score").asDouble(Double.NaN)) && hugeAmount.path("fraud_flag").asBoolean(),
                "an amount beyond the network's floats is flagged with a finite score: " + hugeAmount);

        ObjectName source = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0");
        ObjectName pii = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0,transformation=pii");
        ObjectName fraud = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0,transformation=fraud");
        JMX.await(source, "messages-acknowledged", messages.size(), WAIT_MS);
        assertEquals(0, JMX.count(source, "messages-in-flight"), "nothing is left unacknowledged in the broker");
        assertEquals(2, JMX.count(pii, "fields-dropped-invalid"));
        assertEquals(4, JMX.count(fraud, "records-invalid"), "three values that are not objects, one already scored");
        assertEquals(1, JMX.count(fraud, "records-skipped"), "the payment whose position was dropped");
        assertEquals("RUNNING", connect.connectorStatus(SOURCE).tasks().get(0).state());
    }

    /**
     * Connect gives a source's transforms no dead-letter queue, but a record a transform passed with its reason can be
     * sent to a topic of its own: Kafka's RegexRouter under a HasHeaderKey predicate, after the transforms.
     */
    @Test
    void recordsPassedWithAReasonCanBeRoutedToATopicOfTheirOwn() throws Exception {
        String connector = SOURCE + "-routed";
        String topic = TOPIC + ".routed";
        String rejected = topic + ".rejected";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic(rejected, 1);
        Map<String, String> config = sourceWithTheDemoChain();
        config.put("mqtt.topics", "routed/{payment_id}");
        config.put("kafka.topic", topic);
        config.put("transforms", "pii,fraud,reject");
        config.put("transforms.reject.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.reject.regex", ".*");
        config.put("transforms.reject.replacement", rejected);
        config.put("transforms.reject.predicate", "unscored");
        config.put("predicates", "unscored");
        config.put("predicates.unscored.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
        config.put("predicates.unscored.name", "fraud_score_skipped");
        connect.configureConnector(connector, config);
        broker.awaitSubscription("fleetml-" + connector + "-0", Duration.ofMillis(WAIT_MS));
        try (MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port())) {
            publisher.publishAll(List.of(Map.entry("routed/good", json(new FleetRecords(9).paymentMap(0))),
                    Map.entry("routed/number", json(42))));
        }
        ConsumerRecord<byte[], byte[]> good = connect.kafka().consume(1, WAIT_MS, topic).iterator().next();
        assertEquals("good", new String(good.key(), StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> number = connect.kafka().consume(1, WAIT_MS, rejected).iterator().next();
        assertEquals("number", new String(number.key(), StandardCharsets.UTF_8));
        assertTrue(header(number, "fraud_score_skipped").contains("not a JSON object or Struct"));
        connect.deleteConnector(connector);
    }

    /** The transforms of config-examples/local/mqtt-source-payments.json, with their default error settings. */
    private static Map<String, String> sourceWithTheDemoChain() {
        Map<String, String> config = ConnectorConfigs.mqttJsonSource(broker.tcpUri(), "payments/{payment_id}", TOPIC,
                "{payment_id}");
        Map<String, String> chain = new HashMap<>(Map.of(
                "transforms", "pii,fraud",
                "transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value",
                "transforms.pii.field.syntax.version", "V2",
                "transforms.pii.hash.fields", "vin,driver_id",
                "transforms.pii.hash.key", "it-only-hmac-key-0123456789",
                "transforms.pii.partial.fields", "card.number",
                "transforms.pii.drop.fields", "driver.email,driver.phone",
                "transforms.pii.geo.fields", "vehicle.location,merchant.location",
                "transforms.fraud.type", "io.fleetml.connect.fraud.FraudScore$Value"));
        chain.put("transforms.fraud.model.path", PaymentsModel.path().toString());
        chain.put("transforms.fraud.model.refresh.interval.ms", "0");
        config.putAll(chain);
        return config;
    }

    private static byte[] json(Object payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
