package io.fleetml.connect.fraud;

import io.fleetml.connect.common.policy.WorkerPolicy;
import io.fleetml.connect.common.policy.WorkerPolicyReset;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.BeforeEach;
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
 * The worker's policy on the transform's paths and endpoint: Connect validates a transform only through its ConfigDef,
 * so the validators refuse, and configure() refuses again for a config that reached the worker without validation.
 * Refusals come before any model is read, so no model is needed.
 */
@ExtendWith(WorkerPolicyReset.class)
class FraudScoreWorkerPolicyTest {
    @TempDir
    Path dir;
    private Path models;
    private Path outside;

    @BeforeEach
    void policy() throws IOException {
        models = Files.createDirectories(dir.resolve("models"));
        outside = Files.createDirectories(dir.resolve("outside"));
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, models.toString());
    }

    private static Map<String, String> props(String... settings) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    private static void refused(Map<String, String> props, String setting, String variable) {
        List<String> errors = FraudScoreConfig.CONFIG_DEF.validate(props).stream().filter(v -> v.name().equals(setting))
                .map(ConfigValue::errorMessages).findFirst().orElseThrow();
        assertEquals(1, errors.size(), props.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> new FraudScore.Value<>().configure(props), props.toString());
        assertTrue(e.getMessage().contains(setting) && e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void aLocalModelOutsideTheAllowedDirectoriesIsRefusedHoweverItIsWritten() throws IOException {
        Files.createSymbolicLink(models.resolve("escape"), outside);
        for (String path : List.of(outside.toString(), models + "/../outside", models.resolve("escape").toString(),
                outside.toUri().toString(), "FILE://" + models + "/../outside")) {
            refused(props("model.path", path), "model.path", WorkerPolicy.PATHS_ENV);
            refused(props("model.path", "gs://fleet-models/payments/", "challenger.model.path", path), "challenger.model.path",
                    WorkerPolicy.PATHS_ENV);
        }
        new FraudScoreConfig(props("model.path", models.resolve("payments").toString()));
        new FraudScoreConfig(props("model.path", models.resolve("payments").toUri().toString()));
    }

    @Test
    void theDownloadDirectoryMustLeadIntoAnAllowedDirectoryAndIsUsedWhereItLeads() throws IOException {
        Files.createSymbolicLink(models.resolve("escape"), outside);
        refused(props("model.path", "gs://fleet-models/payments/", "model.cache.dir", models.resolve("escape").toString()),
                "model.cache.dir", WorkerPolicy.PATHS_ENV);
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), models);
        FraudScoreConfig config = new FraudScoreConfig(props("model.path", "gs://fleet-models/payments/",
                "model.cache.dir", alias.resolve("cache").toString()));
        assertEquals(models.toRealPath().resolve("cache"), config.modelCacheDir());
    }

    @Test
    void anEndpointTheWorkerDoesNotListIsRefused() {
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, "storage.googleapis.com");
        new FraudScoreConfig(props("model.path", "gs://fleet-models/payments/", "gcs.endpoint", "https://storage.googleapis.com"));
        refused(props("model.path", "gs://fleet-models/payments/", "gcs.endpoint", "https://collector.example.net"),
                "gcs.endpoint", WorkerPolicy.ENDPOINTS_ENV);
    }

    @Test
    void aKeyForAPlaintextEndpointIsRefusedAtConfigure() throws IOException {
        Path key = Files.writeString(models.resolve("key.json"), "{}");
        for (String endpoint : List.of("http://127.0.0.1:4443", "HTTP://127.0.0.1:4443")) {
            Map<String, String> props = props("model.path", "gs://fleet-models/payments/", "gcs.endpoint", endpoint,
                    "gcs.credentials.path", key.toString());
            ConfigException e = assertThrows(ConfigException.class, () -> new FraudScore.Value<>().configure(props));
            assertTrue(e.getMessage().contains("gcs.credentials.path") && e.getMessage().contains("without TLS"), e.getMessage());
        }
    }
}
