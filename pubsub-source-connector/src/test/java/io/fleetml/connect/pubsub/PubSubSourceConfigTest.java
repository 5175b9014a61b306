package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.config.ConfigMaps;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PubSubSourceConfigTest {
    static Map<String, String> props(String... more) {
        return ConfigMaps.with(Map.of(
                "gcp.project.id", "fleet-prod",
                "pubsub.subscription", "payments-sub",
                "kafka.topic", "payments.raw"), more);
    }

    @Test
    void defaultsPullFromGooglesEndpointWithoutKeyAndWithPublishTime() {
        PubSubSourceConfig config = new PubSubSourceConfig(props());
        assertEquals("projects/fleet-prod/subscriptions/payments-sub", config.subscription().toString());
        assertNull(config.endpoint());
        assertFalse(config.plaintext());
        assertNull(config.keyAttribute());
        assertNull(config.timestampAttribute());
        assertNull(config.errorsTopic());
        assertEquals(1000L, config.flowControlMessages());
        assertEquals(3600, config.maxAckExtensionSeconds());
        assertEquals(1024 * 1024 - 64 * 1024, config.payload().maxBytes());
    }

    @Test
    void fullSubscriptionNameMustNameTheSameProject() {
        PubSubSourceConfig config = new PubSubSourceConfig(props("pubsub.subscription", "projects/fleet-prod/subscriptions/abc"));
        assertEquals("abc", config.subscription().getSubscription());
        ConfigException other = assertThrows(ConfigException.class,
                () -> new PubSubSourceConfig(props("pubsub.subscription", "projects/elsewhere/subscriptions/abc")));
        assertTrue(other.getMessage().contains("pubsub.subscription"), other.getMessage());
        assertTrue(other.getMessage().contains("gcp.project.id=fleet-prod"), other.getMessage());
    }

    @Test
    void rejectsShortSubscriptionIdsAndEndpointsThatAreNotHostAndPort() {
        assertTrue(assertThrows(ConfigException.class, () -> new PubSubSourceConfig(props("pubsub.subscription", "ab")))
                .getMessage().contains("pubsub.subscription"));
        for (String endpoint : new String[] {"localhost", "http://localhost:8085", "localhost:0", "host:port"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> new PubSubSourceConfig(props("pubsub.endpoint", endpoint)));
            assertTrue(e.getMessage().contains("pubsub.endpoint"), e.getMessage());
        }
        assertEquals("europe-west1-pubsub.googleapis.com:443",
                new PubSubSourceConfig(props("pubsub.endpoint", "europe-west1-pubsub.googleapis.com:443")).endpoint());
    }

    @Test
    void plaintextNeedsAnEndpoint() {
        ConfigException e = assertThrows(ConfigException.class, () -> new PubSubSourceConfig(props("pubsub.endpoint.plaintext", "true")));
        assertTrue(e.getMessage().contains("pubsub.endpoint"), e.getMessage());
        assertTrue(new PubSubSourceConfig(props("pubsub.endpoint.plaintext", "true", "pubsub.endpoint", "127.0.0.1:8085")).plaintext());
    }

    @Test
    void payloadLimitFollowsTheProducersRequestSize() {
        PubSubSourceConfig config = new PubSubSourceConfig(props("producer.override.max.request.size", "4194304"));
        assertEquals(4194304 - 64 * 1024, config.payload().maxBytes());
        assertEquals(100, new PubSubSourceConfig(props("payload.max.bytes", "100")).payload().maxBytes());
    }

    @Test
    void validateReportsCrossSettingErrorsOnTheSettingToFix() {
        Config result = new PubSubSourceConnector().validate(props("pubsub.endpoint.plaintext", "true"));
        ConfigValue endpoint = result.configValues().stream().filter(v -> v.name().equals("pubsub.endpoint")).findFirst().orElseThrow();
        assertEquals(1, endpoint.errorMessages().size(), result.configValues().toString());
        long others = result.configValues().stream().filter(v -> !v.name().equals("pubsub.endpoint"))
                .mapToLong(v -> v.errorMessages().size()).sum();
        assertEquals(0, others);
    }

    @Test
    void everyTaskGetsTheSameSettingsAndSharesTheSubscription() {
        PubSubSourceConnector connector = new PubSubSourceConnector();
        connector.start(props());
        assertEquals(3, connector.taskConfigs(3).size());
        assertTrue(connector.taskConfigs(3).stream().allMatch(props()::equals));
    }
}
