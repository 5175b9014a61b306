package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.simulator.SimulatedPayment;
import io.fleetml.testkit.connect.ConnectWorkerProcess;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.JMException;
import javax.management.ObjectName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin archives on the Connect workers people run: Apache Kafka Connect 3.7, 3.9, 4.0 and the 4.x the plugins
 * build against, each a real {@code ConnectDistributed} in a JVM of its own on the classpath Maven resolved for that
 * version ({@code connect-workers/}), never this JVM's, against one KRaft broker. Its {@code plugin.path} holds the
 * per-plugin archives side by side, each unpacked into a directory of its own, so each plugin runs in a class loader
 * with nothing but its own archive's jars and the worker's: a jar missing from one archive fails that plugin here.
 * On every version the worker lists all six plugins of the five archives and validates every connector file of
 * {@code config-examples/} with zero errors; then payments published over MQTT go through PiiMask (value and key) and
 * FraudScore into Kafka and through the GCS sink into the GCS emulator, numbered messages come in from the Pub/Sub
 * emulator, and the plugins' counters, read over the worker's remote JMX, equal what was sent. One worker per version
 * does all of it, each stopped before the next starts; a failed check does not keep the others of its version from
 * running.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerVersionMatrixIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int PAYMENTS = 40;
    private static final int FLUSH_SIZE = 10;
    private static final int PUBSUB_MESSAGES = 20;
    private static final long SEED = 29;
    private static final String HASH_KEY = "it-only-hmac-key-0123456789";
    private static final String PII_MASK_VALUE = "io.fleetml.connect.pii.PiiMask$Value";
    private static final String PII_MASK_KEY = "io.fleetml.connect.pii.PiiMask$Key";
    private static final String FRAUD_SCORE = "io.fleetml.connect.fraud.FraudScore$Value";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Under target/, not a temporary folder: the worker logs of every version stay for reading after a failure. */
    private static final Path WORK_DIR = Path.of("target", "worker-version-matrix");

    private static EmbeddedKafkaCluster kafka;
    private static MqttBroker mqtt;
    private static GcsEmulator gcs;
    private static PubSubEmulator pubsub;

    @BeforeAll
    static void startServers() {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        mqtt = MqttBroker.builder().build().start();
        gcs = new GcsEmulator().start();
        if (PubSubEmulator.available()) {
            pubsub = PubSubEmulator.start();
        }
    }

    @AfterAll
    static void stopServers() {
        if (pubsub != null) {
            pubsub.close();
        }
        if (gcs != null) {
            gcs.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    static List<ConnectWorkerVersion> workers() {
        return ConnectWorkerVersion.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workers")
    void everyPluginLoadsValidatesAndRunsRecordsWithItsCountsOnJmx(ConnectWorkerVersion version) {
        try (ConnectWorkerProcess worker = start(version)) {
            assertEquals(version.version(), worker.serverInfo().path("version").asText(), "the worker's Kafka version");
            List<Executable> checks = new ArrayList<>(pluginsLoaded(worker));
            checks.addAll(examplesValid(worker));
            JmxCounts jmx = new JmxCounts(worker.mbeans());
            checks.add(() -> assertPaymentsPassEveryPlugin(version, worker, jmx));
            if (pubsub != null) {
                checks.add(() -> assertPubSubMessagesArrive(worker, jmx, version.tag()));
            }
            assertAll(version + ": plugins listed, connector examples valid, records through every plugin", checks);
            Assumptions.assumeTrue(pubsub != null, () -> "all else passes on " + version + "; the Pub/Sub source is not "
                    + "checked: " + PubSubEmulator.unavailableReason());
        }
    }

    private static ConnectWorkerProcess start(ConnectWorkerVersion version) {
        String group = "matrix-" + version.tag();
        return ConnectWorkerProcess.launch(kafka.bootstrapServers(), group, Bundle.pluginPath(), WORK_DIR.resolve(group))
                .classPath(version.lib())
                .jmx()
                .start();
    }

    /** Each plugin of the archives is among those the worker lists, with its type. */
    private static List<Executable> pluginsLoaded(ConnectWorkerProcess worker) {
        Map<String, String> loaded = new HashMap<>();
        worker.plugins().forEach(plugin -> loaded.put(plugin.path("class").asText(), plugin.path("type").asText()));
        List<Executable> checks = new ArrayList<>();
        Bundle.PLUGINS.forEach((plugin, type) -> checks.add(() -> assertEquals(type, loaded.get(plugin),
                plugin + " among the plugins the worker loaded; see its log in " + WORK_DIR.toAbsolutePath())));
        return checks;
    }

    /** Each connector file of config-examples/ validates on the worker with zero errors. */
    private static List<Executable> examplesValid(ConnectWorkerProcess worker) {
        List<Executable> checks = new ArrayList<>();
        for (Path file : ConnectorExamples.files()) {
            checks.add(() -> {
                Map<String, String> config = ConnectorExamples.config(file);
                ConnectorExamples.assertNoErrors(file, worker.validate(ConnectorExamples.connectorClass(config), config));
            });
        }
        return checks;
    }

    /**
     * Payments over MQTT through PiiMask (value and key) and FraudScore into Kafka, then through the GCS sink into the
     * emulator; every plugin's counts on JMX equal the payments sent.
     */
    private static void assertPaymentsPassEveryPlugin(ConnectWorkerVersion version, ConnectWorkerProcess worker, JmxCounts jmx)
            throws Exception {
        String tag = version.tag();
        String source = "mqtt-" + tag;
        String sink = "gcs-" + tag;
        String topic = "payments-" + tag;
        String bucket = "matrix-" + tag;
        kafka.createTopic(topic, 1);
        gcs.createBucket(bucket);
        List<SimulatedPayment> payments = new PaymentSimulator(SEED, 5).payments(PAYMENTS);
        worker.configureConnector(source, mqttPayments(tag, topic));
        worker.configureConnector(sink, ConnectorConfigs.gcsJsonlSink(gcs.endpoint(), bucket, topic, FLUSH_SIZE));
        worker.awaitTaskRunning(source, null, WAIT);
        worker.awaitTaskRunning(sink, null, WAIT);
        mqtt.awaitSubscription("fleetml-" + source + "-0", WAIT);
        publish(tag, payments);

        assertMaskedAndScoredInKafka(topic, payments);
        ObjectName task = new ObjectName("kafka.connect:type=plugins,connector=" + source + ",task=0");
        jmx.await(task, "messages-acknowledged", PAYMENTS, WAIT.toMillis());
        assertEquals(PAYMENTS, jmx.count(task, "messages-received"));
        ObjectName valueMask = transformation(version, source, "pii", PII_MASK_VALUE);
        assertEquals(PAYMENTS, jmx.count(valueMask, "records-masked"));
        assertEquals(2 * PAYMENTS, jmx.count(valueMask, "fields-pseudonymized"), "vin and driver_id of every payment");
        ObjectName keyMask = transformation(version, source, "piiKey", PII_MASK_KEY);
        assertEquals(PAYMENTS, jmx.count(keyMask, "records-masked"));
        assertEquals(PAYMENTS, jmx.count(keyMask, "fields-pseudonymized"));
        assertEquals(PAYMENTS, jmx.count(transformation(version, source, "fraud", FRAUD_SCORE), "records-scored"));

        ObjectName sinkTask = new ObjectName("kafka.connect:type=plugins,connector=" + sink + ",task=0");
        jmx.await(sinkTask, "records-written", PAYMENTS, WAIT.toMillis());
        Map<String, byte[]> objects = gcs.objects(bucket);
        assertEquals(PAYMENTS / FLUSH_SIZE, objects.size(), "objects in gs://" + bucket);
        assertEquals(objects.size(), jmx.count(sinkTask, "objects-written"));
        assertScoredRowsInGcs(objects, payments);
    }

    private static void publish(String tag, List<SimulatedPayment> payments) throws Exception {
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
        for (SimulatedPayment payment : payments) {
            messages.add(Map.entry("matrix/" + tag + "/payments/" + payment.paymentId(), JSON.writeValueAsBytes(payment.value())));
        }
        try (MqttPublisher publisher = new MqttPublisher("127.0.0.1", mqtt.port())) {
            publisher.publishAll(messages);
        }
    }

    /** Every payment once in Kafka, its key and VIN pseudonymized and its value scored by the payments model. */
    private static void assertMaskedAndScoredInKafka(String topic, List<SimulatedPayment> payments) throws Exception {
        Set<String> ids = payments.stream().map(SimulatedPayment::paymentId).collect(Collectors.toSet());
        Set<String> vins = payments.stream().map(p -> (String) p.value().get("vin")).collect(Collectors.toSet());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        kafka.consume(PAYMENTS, WAIT.toMillis(), topic).forEach(records::add);
        assertEquals(PAYMENTS, records.size(), "payments in " + topic);
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            keys.add(key);
            assertFalse(ids.contains(key), "the key is the payment id's pseudonym, not the id: " + key);
            assertScored(JSON.readTree(record.value()), vins, topic + " offset " + record.offset());
        }
        assertEquals(PAYMENTS, keys.size(), "one pseudonym per payment id");
    }

    private static void assertScoredRowsInGcs(Map<String, byte[]> objects, List<SimulatedPayment> payments) throws Exception {
        Set<String> vins = payments.stream().map(p -> (String) p.value().get("vin")).collect(Collectors.toSet());
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            for (String line : new String(object.getValue(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode row = JSON.readTree(line);
                assertScored(row, vins, object.getKey());
                ids.add(row.path("payment_id").asText());
            }
        }
        assertEquals(payments.stream().map(SimulatedPayment::paymentId).collect(Collectors.toSet()), ids, "payments in GCS");
    }

    private static void assertScored(JsonNode payment, Set<String> vins, String where) {
        assertFalse(vins.contains(payment.path("vin").asText()), where + ": the VIN is pseudonymized");
        JsonNode score = payment.path("fraud_score");
        assertTrue(score.isNumber() && Double.isFinite(score.asDouble()), where + ": fraud_score " + score);
        assertEquals(score.asDouble() > PaymentsModel.threshold(), payment.path("fraud_flag").asBoolean(), where + ": fraud_flag");
        assertEquals(PaymentsModel.version(), payment.path("fraud_model_version").asText(), where + ": fraud_model_version");
    }

    private static void assertPubSubMessagesArrive(ConnectWorkerProcess worker, JmxCounts jmx, String tag) throws Exception {
        String connector = "pubsub-" + tag;
        String topic = "pubsub-" + tag;
        pubsub.createTopic(topic);
        pubsub.createSubscription(topic + "-to-kafka", topic);
        kafka.createTopic(topic, 1);
        worker.configureConnector(connector, pubsub.sourceConnectorConfig(topic + "-to-kafka", topic));
        worker.awaitTaskRunning(connector, null, WAIT);
        pubsub.publishNumbered(topic, PUBSUB_MESSAGES);

        Set<String> values = new TreeSet<>();
        kafka.consume(PUBSUB_MESSAGES, WAIT.toMillis(), topic)
                .forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
        Set<String> sent = IntStream.range(0, PUBSUB_MESSAGES).mapToObj(n -> "{\"n\":" + n + "}")
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(sent, values, "Pub/Sub messages in " + topic);
        jmx.await(new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=0"),
                "messages-acked", PUBSUB_MESSAGES, WAIT.toMillis());
    }

    private static Map<String, String> mqttPayments(String tag, String topic) {
        Map<String, String> config = ConnectorConfigs.mqttJsonSource(mqtt.tcpUri(), "matrix/" + tag + "/payments/{payment_id}",
                topic, "{payment_id}");
        config.put("transforms", "pii,piiKey,fraud");
        config.put("transforms.pii.type", PII_MASK_VALUE);
        config.put("transforms.pii.hash.fields", "vin,driver_id");
        config.put("transforms.pii.hash.key", HASH_KEY);
        config.put("transforms.piiKey.type", PII_MASK_KEY);
        config.put("transforms.piiKey.hash.fields", "$");
        config.put("transforms.piiKey.hash.key", HASH_KEY);
        config.put("transforms.fraud.type", FRAUD_SCORE);
        config.put("transforms.fraud.model.path", PaymentsModel.path().toString());
        return config;
    }

    /**
     * A transformation's metrics: Connect 4.1+ registers them under the alias (KIP-877); on older workers the plugin
     * registers them itself under the class's simple names joined by a dot ({@code PiiMask.Value}).
     */
    private static ObjectName transformation(ConnectWorkerVersion version, String connector, String alias, String pluginClass)
            throws JMException {
        String name = version.atLeast(4, 1) ? alias : pluginClass.substring(pluginClass.lastIndexOf('.') + 1).replace('$', '.');
        return new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=0,transformation=" + name);
    }
}
