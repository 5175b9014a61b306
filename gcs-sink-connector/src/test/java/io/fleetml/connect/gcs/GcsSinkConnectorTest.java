package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.ValidationErrors;
import io.fleetml.connect.common.policy.WorkerPolicy;
import io.fleetml.connect.common.policy.WorkerPolicyReset;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector's validate call, which the REST API and UIs show next to each setting, and start(), which checks the
 * worker's policy and the no-credentials-without-TLS rule again before it builds a client, so these tests need no GCS.
 */
@ExtendWith(WorkerPolicyReset.class)
class GcsSinkConnectorTest {
    @TempDir
    Path dir;

    private static Map<String, String> props(String... settings) {
        Map<String, String> props = new HashMap<>(Map.of("gcs.bucket.name", "training", "format", "jsonl"));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return ValidationErrors.of(new GcsSinkConnector().validate(props));
    }

    @Test
    void bothIdentitySettingsAreMarkedWhenBothAreSet() {
        Map<String, String> props = props("dedup.header", "pubsub.message.id", "dedup.fields", "vin,ts");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(GcsSinkConfig.DEDUP_CONFLICT), errors.get("dedup.header"));
        assertEquals(List.of(GcsSinkConfig.DEDUP_CONFLICT), errors.get("dedup.fields"));
        assertEquals(2, errors.size(), errors.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> new GcsSinkConfig(props));
        assertTrue(e.getMessage().contains("dedup.header") && e.getMessage().contains("dedup.fields"), e.getMessage());
    }

    @Test
    void eitherIdentitySettingAloneIsValid() {
        assertEquals(Map.of(), errors(props("dedup.header", "pubsub.message.id")));
        assertEquals(Map.of(), errors(props("dedup.fields", "vin,ts", "dedup.window.records", "5000")));
        assertEquals(List.of("dedup.window.records"), List.copyOf(errors(props("dedup.window.records", "0")).keySet()));
    }

    @Test
    void aMalformedIdentityFieldFailsValidationNamingTheSetting() {
        Map<String, List<String>> errors = errors(props("field.syntax.version", "V2", "dedup.fields", "vin,a..b"));
        assertTrue(errors.containsKey("dedup.fields"), errors.toString());
    }

    @Test
    void aCrossSettingErrorGoesToTheSettingItNames() {
        Map<String, List<String>> errors = errors(props("timestamp.extractor", "RecordField"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.containsKey("timestamp.field"), errors.toString());
        errors = errors(props("format", "tfrecord", "format.compression", "gzip"));
        assertTrue(errors.containsKey("format.compression"), errors.toString());
    }

    private static void refusedNaming(Map<String, String> props, String setting, String also) {
        assertEquals(List.of(setting), List.copyOf(errors(props).keySet()));
        ConfigException e = assertThrows(ConfigException.class, () -> new GcsSinkConnector().start(props));
        assertTrue(e.getMessage().contains(setting) && e.getMessage().contains(also), e.getMessage());
    }

    @Test
    void aKeyFileForAPlaintextEndpointIsRefusedWhateverTheCaseOfTheScheme() throws IOException {
        Path key = Files.writeString(dir.resolve("key.json"), "{}");
        for (String endpoint : List.of("http://127.0.0.1:4443", "HTTP://127.0.0.1:4443")) {
            refusedNaming(props("gcs.endpoint", endpoint, "gcs.credentials.path", key.toString()), "gcs.credentials.path",
                    "without TLS");
        }
        refusedNaming(props("gcs.endpoint", "Http://127.0.0.1:4443", "gcs.credentials.json", "{}"), "gcs.credentials.json",
                "without TLS");
    }

    @Test
    void anEndpointTheWorkerDoesNotListIsRefused() {
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, "https://storage-psc.example.internal");
        assertEquals(Map.of(), errors(props("gcs.endpoint", "https://storage-psc.example.internal")));
        refusedNaming(props("gcs.endpoint", "https://collector.example.net"), "gcs.endpoint", "FLEETML_ALLOWED_ENDPOINTS");
        refusedNaming(props("gcs.endpoint", "http://storage-psc.example.internal"), "gcs.endpoint", "FLEETML_ALLOWED_ENDPOINTS");
    }

    @Test
    void aKeyFileOutsideTheAllowedDirectoriesIsRefused() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path outside = Files.writeString(dir.resolve("key.json"), "{}");
        Files.createSymbolicLink(keys.resolve("link.json"), outside);
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, keys.toString());
        for (String refused : List.of(outside.toString(), keys + "/../key.json", keys.resolve("link.json").toString())) {
            refusedNaming(props("gcs.credentials.path", refused), "gcs.credentials.path", "FLEETML_ALLOWED_PATHS");
        }
    }
}
