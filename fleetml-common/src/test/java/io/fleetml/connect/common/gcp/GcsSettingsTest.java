package io.fleetml.connect.common.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void anInvalidInlineKeyFailsNamingItsSettingWithoutEchoingIt() {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("gcs.credentials.json", "{\"private_key\": \"secret\"}"));
        ConfigException e = assertThrows(ConfigException.class, () -> GcsSettings.client(config));
        assertTrue(e.getMessage().contains("gcs.credentials.json"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
