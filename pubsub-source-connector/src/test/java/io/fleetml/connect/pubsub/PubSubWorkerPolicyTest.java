package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.policy.WorkerPolicy;
import io.fleetml.connect.common.policy.WorkerPolicyReset;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's policy and the no-credentials-without-TLS rule, as validate() and start() of the source apply them. */
@ExtendWith(WorkerPolicyReset.class)
class PubSubWorkerPolicyTest {
    @TempDir
    Path dir;

    private static List<String> errors(Config result, String setting) {
        return result.configValues().stream().filter(v -> v.name().equals(setting)).findFirst().map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    private static long errorCount(Config result) {
        return result.configValues().stream().mapToLong(v -> v.errorMessages().size()).sum();
    }

    @Test
    void aKeyForThePlaintextEmulatorIsRefusedInValidateAndAtStart() throws IOException {
        Path key = Files.writeString(dir.resolve("key.json"), "{}");
        Map<String, String> props = PubSubSourceConfigTest.props("pubsub.endpoint", "localhost:8085",
                "pubsub.endpoint.plaintext", "true", "gcp.credentials.path", key.toString());
        Config result = new PubSubSourceConnector().validate(props);
        assertEquals(1, errors(result, "gcp.credentials.path").size(), result.configValues().toString());
        assertEquals(1, errorCount(result));
        ConfigException e = assertThrows(ConfigException.class, () -> new PubSubSourceConnector().start(props));
        assertTrue(e.getMessage().contains("gcp.credentials.path") && e.getMessage().contains("without TLS"), e.getMessage());

        Map<String, String> inline = PubSubSourceConfigTest.props("pubsub.endpoint", "localhost:8085",
                "pubsub.endpoint.plaintext", "true", "gcp.credentials.json", "{\"private_key\": \"secret\"}");
        ConfigException json = assertThrows(ConfigException.class, () -> new PubSubSourceConfig(inline));
        assertTrue(json.getMessage().contains("gcp.credentials.json"), json.getMessage());
        assertFalse(json.getMessage().contains("secret"), json.getMessage());
    }

    @Test
    void anEndpointTheWorkerDoesNotListIsRefusedInValidateAndAtStart() {
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, "europe-west1-pubsub.googleapis.com:443, http://localhost:8085");
        new PubSubSourceConfig(PubSubSourceConfigTest.props("pubsub.endpoint", "europe-west1-pubsub.googleapis.com:443"));
        new PubSubSourceConfig(PubSubSourceConfigTest.props("pubsub.endpoint", "LOCALHOST:8085", "pubsub.endpoint.plaintext", "true"));

        Map<String, String> elsewhere = PubSubSourceConfigTest.props("pubsub.endpoint", "collector.example.net:443");
        assertEquals(1, errors(new PubSubSourceConnector().validate(elsewhere), "pubsub.endpoint").size());
        ConfigException e = assertThrows(ConfigException.class, () -> new PubSubSourceConnector().start(elsewhere));
        assertTrue(e.getMessage().contains("pubsub.endpoint") && e.getMessage().contains("FLEETML_ALLOWED_ENDPOINTS"), e.getMessage());
        // The entry allows the emulator only without TLS, so Application Default Credentials cannot go there either.
        assertThrows(ConfigException.class, () -> new PubSubSourceConfig(PubSubSourceConfigTest.props("pubsub.endpoint", "localhost:8085")));
    }

    @Test
    void aKeyFileOutsideTheAllowedDirectoriesIsRefusedInValidateAndAtStart() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path inside = Files.writeString(keys.resolve("key.json"), "{}");
        Path outside = Files.writeString(dir.resolve("other.json"), "{}");
        Files.createSymbolicLink(keys.resolve("link.json"), outside);
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, keys.toString());

        new PubSubSourceConfig(PubSubSourceConfigTest.props("gcp.credentials.path", inside.toString()));
        for (String refused : List.of(outside.toString(), keys + "/../other.json", keys.resolve("link.json").toString())) {
            Map<String, String> props = PubSubSourceConfigTest.props("gcp.credentials.path", refused);
            assertEquals(1, errors(new PubSubSourceConnector().validate(props), "gcp.credentials.path").size(), refused);
            ConfigException e = assertThrows(ConfigException.class, () -> new PubSubSourceConnector().start(props), refused);
            assertTrue(e.getMessage().contains("FLEETML_ALLOWED_PATHS"), e.getMessage());
        }
    }
}
