package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.SamplePipelines;
import io.fleetml.testkit.connect.ConnectWorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Connect worker with the built archives on {@code plugin.path} runs sample payments through PiiMask, then
 * FraudScore with the trainer's committed payments model: every record in Kafka carries a finite score, the flag the
 * model's threshold gives it and the model's version, while the task stays RUNNING; a model path that does not exist
 * fails the task with a trace naming {@code model.path}.
 *
 * <p>The worker runs in a JVM of its own ({@link ConnectWorkerProcess}, started as {@code connect-distributed} starts
 * one) because that is how workers are deployed: one per JVM, TensorFlow loaded only from the FraudScore archive. A one-worker
 * EmbeddedConnectCluster would have done too: the JNI hazard of several workers in one JVM does not bite, since JavaCPP
 * loads a renamed copy of TensorFlow's JNI library for each further class loader ({@link FraudScoreInTwoPluginLoadersIT}).
 * Its own JVM keeps this test independent of what other tests loaded into theirs.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FraudScoreOnPluginPathIT {
    private static final String FRAUD_SCORE = "io.fleetml.connect.fraud.FraudScore$Value";
    private static final String KEY = "integration-test-hmac-key-0123456789";
    private static final String KEY_ID = "it-key-1";
    private static final int RECORDS = 300;
    private static final long SEED = 23;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static EmbeddedKafkaCluster kafka;
    private static ConnectWorkerProcess worker;

    @BeforeAll
    static void startWorker() {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        worker = ConnectWorkerProcess.start(kafka.bootstrapServers(), "fraud-score-it", Bundle.pluginPath(),
                workDir.resolve("worker"), Map.of());
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @ParameterizedTest(name = "schemaless={0}, engine={1}")
    @CsvSource({"false, auto", "true, tensorflow"})
    void everyMaskedPaymentReachesKafkaScoredByTheModel(boolean schemaless, String engine) throws Exception {
        String topic = "payments-scored-" + (schemaless ? "map" : "struct");
        String connector = "scored-" + topic;
        kafka.createTopic(topic, 1);
        worker.configureConnector(connector, scoredPayments(topic, schemaless, engine, PaymentsModel.path()));
        worker.awaitTaskRunning(connector, null, WAIT);

        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        kafka.consume(RECORDS, WAIT.toMillis(), topic).forEach(records::add);

        assertEquals(RECORDS, records.size());
        double threshold = PaymentsModel.threshold();
        String version = PaymentsModel.version();
        Set<Double> scores = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = schemaless ? value : value.path("payload");
            String where = "record at offset " + record.offset() + ": " + payload;
            assertNotNull(record.headers().lastHeader(SamplePipelines.KEY_ID_HEADER), "PiiMask ran first: " + where);
            JsonNode score = payload.path("fraud_score");
            assertTrue(score.isNumber() && Double.isFinite(score.asDouble()) && score.asDouble() >= 0, where);
            assertTrue(payload.path("fraud_flag").isBoolean(), where);
            assertEquals(score.asDouble() > threshold, payload.path("fraud_flag").asBoolean(), where);
            assertEquals(version, payload.path("fraud_model_version").asText(), where);
            scores.add(score.asDouble());
        }
        assertTrue(scores.size() > RECORDS / 2, "scores barely vary between payments: " + scores.size() + " distinct");
        if (!schemaless) {
            JsonNode schema = JSON.readTree(records.get(0).value()).path("schema");
            assertEquals("double", fieldType(schema, "fraud_score"));
            assertEquals("boolean", fieldType(schema, "fraud_flag"));
            assertEquals("string", fieldType(schema, "fraud_model_version"));
        }
        assertEquals("RUNNING", worker.connectorStatus(connector).path("tasks").path(0).path("state").asText(),
                "task state after scoring every record");
    }

    @Test
    void aModelPathThatDoesNotExistFailsTheTaskNamingTheSetting() {
        Path missing = workDir.resolve("no-such-model");
        String connector = "scored-missing-model";
        kafka.createTopic("payments-unscored", 1);
        worker.configureConnector(connector, scoredPayments("payments-unscored", true, "auto", missing));

        String trace = worker.awaitTaskFailed(connector, WAIT);

        assertTrue(trace.contains("model.path") && trace.contains(missing.toString()), trace);
    }

    private static Map<String, String> scoredPayments(String topic, boolean schemaless, String engine, Path model) {
        Map<String, String> config = SamplePipelines.maskedPayments(topic, RECORDS, schemaless, SEED, KEY, KEY_ID);
        config.put("transforms", "pii,fraud");
        config.put("transforms.fraud.type", FRAUD_SCORE);
        config.put("transforms.fraud.model.path", model.toString());
        config.put("transforms.fraud.engine", engine);
        return config;
    }

    private static String fieldType(JsonNode schema, String field) {
        for (JsonNode candidate : schema.path("fields")) {
            if (field.equals(candidate.path("field").asText())) {
                return candidate.path("type").asText();
            }
        }
        throw new AssertionError(field + " not in the record's schema " + schema);
    }
}
