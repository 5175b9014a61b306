package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.config.ConfigMaps;
import io.fleetml.connect.common.config.ValidationErrors;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A config written for Google's CloudPubSubSourceConnector, with only connector.class changed. */
class GoogleConnectorSettingsTest {
    /** The source example of Google's README, plus the streaming-pull settings it documents. */
    private static Map<String, String> googleConfig(String... more) {
        return ConfigMaps.with(Map.of(
                "connector.class", "io.fleetml.connect.pubsub.PubSubSourceConnector",
                "cps.project", "fleet-prod",
                "cps.subscription", "payments-sub",
                "kafka.topic", "payments.raw",
                "cps.streamingPull.enabled", "true",
                "cps.streamingPull.flowControlMessages", "500",
                "cps.streamingPull.maxAckExtensionMs", "120000",
                "cps.streamingPull.maxMsPerAckExtension", "15500",
                "kafka.record.headers", "true"), more);
    }

    @Test
    void googlesKeysMeanTheSameHereWithMillisecondsInSeconds() {
        PubSubSourceConfig config = new PubSubSourceConfig(googleConfig("cps.endpoint", "europe-west1-pubsub.googleapis.com:443",
                "cps.maxBatchSize", "250", "kafka.key.attribute", "vin"));
        assertEquals("projects/fleet-prod/subscriptions/payments-sub", config.subscription().toString());
        assertEquals("europe-west1-pubsub.googleapis.com:443", config.endpoint());
        assertEquals(500L, config.flowControlMessages());
        assertEquals(120, config.maxAckExtensionSeconds());
        assertEquals(16, config.getInt(PubSubSourceConfig.ACK_EXTENSION_STEP_CONFIG), "15.5 s rounds up");
        assertEquals(250, config.getInt(PubSubSourceConfig.BATCH_MAX_RECORDS_CONFIG));
        assertEquals("vin", config.keyAttribute());
    }

    @Test
    void theGoogleExampleValidatesWithoutErrors() {
        assertEquals(Map.of(), ValidationErrors.of(new PubSubSourceConnector().validate(googleConfig())));
    }

    @Test
    void theCredentialsFileOfGooglesConnectorIsUsedNotTheWorkersIdentity() {
        PubSubSourceConfig config = new PubSubSourceConfig(googleConfig("gcp.credentials.file.path", "/etc/fleet/pubsub-key.json"));
        assertEquals("/etc/fleet/pubsub-key.json", config.credentialsPath());
    }

    @Test
    void keysThatWouldChangeTheRecordsAreRefusedOnThatKeyWithWhatToDoInstead() {
        Map<String, List<String>> errors = ValidationErrors.of(new PubSubSourceConnector().validate(googleConfig(
                "kafka.record.headers", "false",
                "cps.makeOrderingKeyAttribute", "true",
                "kafka.partition.scheme", "round_robin",
                "kafka.partition.count", "6",
                "cps.streamingPull.enabled", "false")));
        assertEquals(List.of("cps.makeOrderingKeyAttribute", "cps.streamingPull.enabled", "kafka.partition.count",
                "kafka.partition.scheme", "kafka.record.headers"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("kafka.record.headers").get(0).contains("attribute.header.prefix"), errors.toString());
        assertTrue(errors.get("cps.makeOrderingKeyAttribute").get(0).contains("pubsub.ordering.key"), errors.toString());
        ConfigException atStart = assertThrows(ConfigException.class,
                () -> new PubSubSourceConfig(googleConfig("kafka.partition.count", "6")));
        assertTrue(atStart.getMessage().contains("kafka.partition.count"), atStart.getMessage());
    }

    @Test
    void anAliasWhoseValueIsInvalidHereShowsTheErrorOnTheKeyTheUserWrote() {
        Map<String, List<String>> errors = ValidationErrors.of(new PubSubSourceConnector().validate(
                googleConfig("cps.streamingPull.maxMsPerAckExtension", "5000")));
        assertTrue(errors.get("cps.streamingPull.maxMsPerAckExtension").get(0)
                .startsWith("as pubsub.max.duration.per.ack.extension.seconds: "), errors.toString());
    }

    @Test
    void anAliasAndTheOwnSettingWithDifferentValuesAreRefused() {
        Map<String, List<String>> errors = ValidationErrors.of(new PubSubSourceConnector().validate(
                googleConfig("pubsub.subscription", "other-sub")));
        assertTrue(errors.get("cps.subscription").get(0).contains("keep pubsub.subscription"), errors.toString());
        assertEquals(Map.of(), ValidationErrors.of(new PubSubSourceConnector().validate(
                googleConfig("pubsub.subscription", "payments-sub"))), "the same value twice is no conflict");
    }
}
