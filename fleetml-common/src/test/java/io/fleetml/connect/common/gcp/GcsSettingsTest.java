package io.fleetml.connect.common.gcp;

import io.fleetml.connect.common.config.InvalidSetting;
import io.fleetml.connect.common.policy.WorkerPolicy;
import io.fleetml.connect.common.policy.WorkerPolicyReset;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(WorkerPolicyReset.class)
class GcsSettingsTest {
    private static final ConfigDef DEF = GcsSettings.defineRetries(GcsSettings.defineConnection(new ConfigDef(), "GCS", 1),
            "GCS", 5, "the record fails.", null);

    @Test
    void theSettingsAreDeclaredInOrderInTheirGroupWithTheKeyAsAPassword() {
        List<String> names = DEF.configKeys().values().stream()
                .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup)).map(k -> k.name).toList();
        assertEquals(List.of("gcs.endpoint", "gcp.project.id", "gcs.credentials.path", "gcs.credentials.json",
                "gcs.retry.max.attempts", "gcs.retry.backoff.ms"), names);
        assertTrue(DEF.configKeys().values().stream().allMatch(k -> "GCS".equals(k.group)));
        assertEquals(ConfigDef.Type.PASSWORD, DEF.configKeys().get("gcs.credentials.json").type);
        assertEquals("Attempts per GCS request on retriable errors (429, 5xx, timeouts, dropped connections) before the "
                + "record fails.", DEF.configKeys().get("gcs.retry.max.attempts").documentation);
        assertEquals("First backoff between attempts (doubling, with jitter).",
                DEF.configKeys().get("gcs.retry.backoff.ms").documentation);
    }

    @Test
    void anEmulatorEndpointGetsAClientWithoutCredentialsAndTheConfiguredRetries() throws Exception {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("gcs.endpoint", "http://127.0.0.1:9",
                "gcp.project.id", "fleet", "gcs.retry.max.attempts", "3", "gcs.retry.backoff.ms", "50"));
        try (Storage storage = GcsSettings.client(config)) {
            assertEquals("http://127.0.0.1:9", storage.getOptions().getHost());
            assertEquals("fleet", storage.getOptions().getProjectId());
            assertSame(NoCredentials.getInstance(), storage.getOptions().getCredentials());
            assertEquals(3, storage.getOptions().getRetrySettings().getMaxAttempts());
            assertEquals(50, storage.getOptions().getRetrySettings().getInitialRetryDelayDuration().toMillis());
        }
    }

    @Test
    void anUpperCaseHttpEndpointIsPlaintextToo() throws Exception {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("gcs.endpoint", "HTTP://127.0.0.1:9"));
        try (Storage storage = GcsSettings.client(config)) {
            assertSame(NoCredentials.getInstance(), storage.getOptions().getCredentials());
        }
    }

    @Test
    void aKeyForAPlaintextEndpointIsRefusedOnItsSettingBeforeAnyClientIsMade(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("key.json"), "{}");
        AbstractConfig withFile = new AbstractConfig(DEF, Map.of("gcs.endpoint", "HTTP://127.0.0.1:9",
                "gcs.credentials.path", key.toString()));
        InvalidSetting file = assertThrows(InvalidSetting.class, () -> GcsSettings.checkConnection(withFile));
        assertEquals("gcs.credentials.path", file.setting());
        assertTrue(file.getMessage().contains("gcs.endpoint=HTTP://127.0.0.1:9"), file.getMessage());
        assertEquals("gcs.credentials.path",
                assertThrows(InvalidSetting.class, () -> GcsSettings.client(withFile)).setting());

        AbstractConfig withJson = new AbstractConfig(DEF, Map.of("gcs.endpoint", "http://127.0.0.1:9",
                "gcs.credentials.json", "{\"private_key\": \"secret\"}"));
        InvalidSetting json = assertThrows(InvalidSetting.class, () -> GcsSettings.client(withJson));
        assertEquals("gcs.credentials.json", json.setting());
        assertFalse(json.getMessage().contains("secret"), json.getMessage());

        GcsSettings.checkConnection(new AbstractConfig(DEF, Map.of("gcs.endpoint", "https://storage.example.com",
                "gcs.credentials.path", key.toString())));
    }

    @Test
    void theEndpointMustBeAnHttpOrHttpsUrl() {
        for (String endpoint : List.of("storage.example.com:443", "ftp://storage.example.com", "https://")) {
            ConfigException e = assertThrows(ConfigException.class, () -> new AbstractConfig(DEF, Map.of("gcs.endpoint", endpoint)));
            assertTrue(e.getMessage().contains("gcs.endpoint"), e.getMessage());
        }
    }

    @Test
    void theWorkerPolicyLimitsTheEndpointAndTheKeyFile(@TempDir Path dir) throws IOException {
        Path allowed = Files.createDirectories(dir.resolve("keys"));
        Path inside = Files.writeString(allowed.resolve("key.json"), "{}");
        Path outside = Files.writeString(dir.resolve("key.json"), "{}");
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, allowed.toString());
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, "storage.example.com");

        new AbstractConfig(DEF, Map.of("gcs.endpoint", "https://storage.example.com", "gcs.credentials.path", inside.toString()));
        ConfigException endpoint = assertThrows(ConfigException.class,
                () -> new AbstractConfig(DEF, Map.of("gcs.endpoint", "https://collector.example.net")));
        assertTrue(endpoint.getMessage().contains("gcs.endpoint") && endpoint.getMessage().contains("FLEETML_ALLOWED_ENDPOINTS"),
                endpoint.getMessage());
        ConfigException file = assertThrows(ConfigException.class,
                () -> new AbstractConfig(DEF, Map.of("gcs.credentials.path", outside.toString())));
        assertTrue(file.getMessage().contains("gcs.credentials.path") && file.getMessage().contains("FLEETML_ALLOWED_PATHS"),
                file.getMessage());
        assertTrue(DEF.validate(Map.of("gcs.credentials.path", allowed + "/../key.json")).stream()
                .anyMatch(v -> v.name().equals("gcs.credentials.path") && !v.errorMessages().isEmpty()));
    }

    @Test
    void anInvalidInlineKeyFailsNamingItsSettingWithoutEchoingIt() {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("gcs.credentials.json", "{\"private_key\": \"secret\"}"));
        ConfigException e = assertThrows(ConfigException.class, () -> GcsSettings.client(config));
        assertTrue(e.getMessage().contains("gcs.credentials.json"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
