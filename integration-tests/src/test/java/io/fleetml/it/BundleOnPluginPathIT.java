package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.simulator.FleetRecords;
import io.fleetml.testkit.SamplePipelines;
import io.fleetml.testkit.connect.SampleFleetSourceConnector;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Connect worker whose {@code plugin.path} holds the unpacked Confluent Hub archives side by side (no plugin is
 * on the test classpath) lists every plugin with the build's version, masks records in a connector's chain, and reports
 * bad SMT settings through the REST validate endpoint.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BundleOnPluginPathIT {
    private static final String KEY = "integration-test-hmac-key-0123456789";
    private static final String KEY_ID = "it-key-1";
    private static final int RECORDS = 300;
    private static final long SEED = 11;
    private static final long CONSUME_TIMEOUT_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startWorker() {
        connect = ConnectClusters.start("bundle-it", 1, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stopWorker() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void smtsAndTensorFlowAreNotOnTheTestClasspath() {
        assertFalse(isOnClasspath("io.fleetml.connect.pii.PiiMask"), "the SMT must come from plugin.path only");
        assertFalse(isOnClasspath("io.fleetml.connect.fraud.FraudScore"), "the SMT must come from plugin.path only");
        assertFalse(isOnClasspath("org.tensorflow.TensorFlow"), "TensorFlow must come with the FraudScore archive only, as in a worker");
    }

    @Test
    void restApiListsEveryPluginWithTheBundleVersion() throws Exception {
        Response response = connect.requestGet(connect.endpointForResource("connector-plugins?connectorsOnly=false"));
        assertEquals(200, response.getStatus());
        JsonNode plugins = JSON.readTree(response.getEntity().toString());
        for (String plugin : Bundle.PLUGINS.keySet()) {
            JsonNode found = null;
            for (JsonNode listed : plugins) {
                if (plugin.equals(listed.path("class").asText())) {
                    found = listed;
                }
            }
            assertTrue(found != null, plugin + " not listed in " + plugins);
            assertEquals(Bundle.PLUGINS.get(plugin), found.path("type").asText());
            assertEquals(Bundle.VERSION, found.path("version").asText());
        }
    }

    @ParameterizedTest(name = "schemaless={0}")
    @ValueSource(booleans = {false, true})
    void connectorChainMasksEveryRecordInKafka(boolean schemaless) throws Exception {
        String topic = "payments-" + (schemaless ? "map" : "struct");
        String name = "sample-" + topic;
        connect.kafka().createTopic(topic, 1);
        connect.configureConnector(name, connectorConfig(topic, schemaless));
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        connect.kafka().consume(RECORDS, CONSUME_TIMEOUT_MS, topic).forEach(records::add);
        connect.deleteConnector(name);

        FleetRecords fleet = new FleetRecords(SEED);
        assertEquals(RECORDS, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8).replace("\"", "");
            int index = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = schemaless ? value : value.path("payload");
            Map<String, Object> original = fleet.paymentMap(index);
            assertEquals(hmacHex((String) original.get("vin")), payload.path("vin").asText());
            assertEquals(hmacHex((String) original.get("driver_id")), payload.path("driver_id").asText());
            String card = (String) ((Map<?, ?>) original.get("card")).get("number");
            assertEquals("*".repeat(card.length() - 4) + card.substring(card.length() - 4), payload.path("card").path("number").asText());
            assertEquals("", payload.path("driver").path("name").asText());
            assertTrue(payload.path("driver").path("phone").isMissingNode(), "dropped");
            assertEquals(original.get("payment_id"), payload.path("payment_id").asText());
            assertEquals(KEY_ID, header(record, SamplePipelines.KEY_ID_HEADER));

            StringBuilder everything = new StringBuilder(key).append(new String(record.value(), StandardCharsets.UTF_8));
            for (Header header : record.headers()) {
                everything.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
            }
            for (String pii : fleet.plantedPii(index)) {
                assertFalse(everything.toString().contains(pii), "planted PII reached Kafka in record " + index);
            }
        }
        if (!schemaless) {
            JsonNode schema = JSON.readTree(records.get(0).value()).path("schema");
            for (JsonNode field : schema.path("fields")) {
                if ("driver".equals(field.path("field").asText())) {
                    assertEquals(1, field.path("fields").size(), "driver.phone and driver.email dropped from the schema: " + field);
                    assertEquals("name", field.path("fields").get(0).path("field").asText());
                }
            }
        }
    }

    @Test
    void invalidSmtSettingsShowAsErrorsOnTheValidateEndpoint() {
        Map<String, String> config = connectorConfig("unused", true);
        config.put("transforms.pii.scan.detectors", "email,ssn");
        config.put("transforms.pii.partial.keep.last", "-1");
        ConfigInfos result = connect.validateConnectorConfig(SampleFleetSourceConnector.class.getSimpleName(), config);
        assertTrue(result.errorCount() >= 2, "errors: " + result.errorCount());
        assertTrue(errorsOf(result, "transforms.pii.scan.detectors").contains("ssn"));
        assertFalse(errorsOf(result, "transforms.pii.partial.keep.last").isEmpty());
        assertEquals("", errorsOf(result, "transforms.pii.hash.fields"));
    }

    private static String errorsOf(ConfigInfos infos, String key) {
        for (ConfigInfo info : infos.configs()) {
            if (key.equals(info.configValue().name())) {
                return String.join("; ", info.configValue().errors());
            }
        }
        throw new AssertionError(key + " not among the validated settings");
    }

    private static Map<String, String> connectorConfig(String topic, boolean schemaless) {
        return SamplePipelines.maskedPayments(topic, RECORDS, schemaless, SEED, KEY, KEY_ID);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String hmacHex(String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, BundleOnPluginPathIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
