package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.simulator.FleetRecords;
import io.fleetml.testkit.SamplePipelines;
import io.fleetml.testkit.connect.ConnectWorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PII-mask archive installed alone: a Connect worker in a JVM of its own, with nothing but that archive on
 * {@code plugin.path}, runs the demo's masking chain (every {@code transforms.pii.*} and predicate setting of
 * {@code config-examples/local/mqtt-source-payments.json}) on sample payments, and no planted personal data reaches
 * Kafka. The records come from the testkit's sample source on the worker's class path, this JVM's, which also holds
 * fleetml-common; that the archive carries every jar it needs is shown on Kafka distributions' class paths by
 * {@link WorkerVersionMatrixIT}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PiiMaskArchiveAloneIT {
    private static final Path DEMO_CONNECTOR = ConnectorExamples.DIR.resolve("local/mqtt-source-payments.json");
    /** The demo reads its key from a file through the worker's FileConfigProvider; the test gives it inline. */
    private static final String HASH_KEY = "integration-test-hmac-key-0123456789";
    private static final int RECORDS = 200;
    private static final long SEED = 37;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    @Test
    void theDemosMaskingChainLeavesNoPlantedPersonalDataInKafka() throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(kafka.bootstrapServers(), "pii-mask-alone",
                Archive.PII_MASK.alone(), workDir.resolve("worker"), Map.of())) {
            Set<String> fleetml = new TreeSet<>();
            worker.plugins().forEach(plugin -> {
                if (plugin.path("class").asText().startsWith("io.fleetml.connect.")) {
                    fleetml.add(plugin.path("class").asText());
                }
            });
            assertEquals(new TreeSet<>(Archive.PII_MASK.plugins().keySet()), fleetml, "the fleet-ml plugins the worker loaded");

            String topic = "payments.masked";
            kafka.createTopic(topic, 1);
            Map<String, String> demo = ConnectorExamples.config(DEMO_CONNECTOR);
            worker.configureConnector("pii-mask-alone", maskedSamplePayments(topic, demo));
            worker.awaitTaskRunning("pii-mask-alone", null, WAIT);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            kafka.consume(RECORDS, WAIT.toMillis(), topic).forEach(records::add);

            assertEquals(RECORDS, records.size());
            FleetRecords fleet = new FleetRecords(SEED);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                int index = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
                JsonNode value = JSON.readTree(record.value());
                Map<String, Object> original = fleet.paymentMap(index);
                assertEquals(original.get("payment_id"), value.path("payment_id").asText());
                assertEquals(hmacHex((String) original.get("vin")), value.path("vin").asText(), "vin pseudonymized with the key");
                assertEquals(demo.get("transforms.pii.hash.key.id"), header(record, SamplePipelines.KEY_ID_HEADER));
                StringBuilder everything = new StringBuilder(key).append(new String(record.value(), StandardCharsets.UTF_8));
                for (Header header : record.headers()) {
                    everything.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
                }
                for (String pii : fleet.plantedPii(index)) {
                    assertFalse(everything.toString().contains(pii), "planted personal data reached Kafka in payment " + index);
                }
            }
        } finally {
            kafka.stop();
        }
    }

    /** Schemaless sample payments, as the demo's JSON payloads are, through the demo's masking chain only. */
    private static Map<String, String> maskedSamplePayments(String topic, Map<String, String> demo) {
        Map<String, String> config = SamplePipelines.maskedPayments(topic, RECORDS, true, SEED, HASH_KEY, "unused");
        config.keySet().removeIf(key -> key.startsWith("transforms"));
        demo.forEach((key, value) -> {
            if (key.startsWith("transforms.pii.") || key.startsWith("predicates")) {
                config.put(key, value);
            }
        });
        config.put("transforms", "pii");
        config.put("transforms.pii.hash.key", HASH_KEY);
        return config;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String hmacHex(String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HASH_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }
}
