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
 * The worker's policy and the no-credentials-without-TLS rule in the sink's validate() and start(); start() refuses
 * before it builds a client, so these tests need no GCS.
 */
@ExtendWith(WorkerPolicyReset.class)
class GcsSinkWorkerPolicyTest {
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
