package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.config.ConfigMaps;
import io.fleetml.connect.common.config.ValidationErrors;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A config written for Confluent's MQTT source, with only connector.class changed. */
class ConfluentConnectorSettingsTest {
    /** The example of Confluent's documentation, with the connection settings it documents. */
    private static Map<String, String> confluentConfig(String... more) {
        return ConfigMaps.with(Map.of(
                "name", "MqttSourceConnector1",
                "connector.class", "io.fleetml.connect.mqtt.MqttSourceConnector",
                "tasks.max", "1",
                "mqtt.server.uri", "tcp://localhost:1883",
                "mqtt.topics", "temperature",
                "kafka.topic", "mqtt.temperature",
                "confluent.topic.bootstrap.servers", "localhost:9092",
                "confluent.topic.replication.factor", "1"), more);
    }

    @Test
    void theConfluentExampleValidatesWithoutErrors() {
        assertEquals(Map.of(), ValidationErrors.of(new MqttSourceConnector().validate(confluentConfig())));
    }

    @Test
    void confluentsKeysMeanTheSameHereWithSecondsAndCleanSessionsConverted() {
        Map<String, String> props = confluentConfig("mqtt.clean.session.enabled", "true", "mqtt.connect.timeout.seconds", "30",
                "mqtt.keepalive.interval.seconds", "20", "records.buffer.max.batch.size", "4096");
        props.put(MqttSourceConfig.TASK_NUMBER, "0");
        props.put(MqttSourceConfig.TASK_COUNT, "1");
        MqttSourceConfig config = new MqttSourceConfig(props);
        assertEquals(List.of(URI.create("tcp://localhost:1883")), config.serverUris());
        assertFalse(config.persistentSession(), "a clean session is one that is not kept");
        assertEquals(30_000, config.connectTimeoutMs());
        assertEquals(20, config.keepAliveSeconds());
        assertEquals(4096, config.getInt(MqttSourceConfig.BATCH_MAX_RECORDS_CONFIG));
    }

    @Test
    void storesOfConfluentsConnectorAreReadAsThisSourcesAndTheirPasswordsStayHidden() {
        var translation = MqttSourceConfig.CONFLUENT.translate(confluentConfig("mqtt.ssl.trust.store.path", "/etc/mqtt/trust.p12",
                "mqtt.ssl.trust.store.password", "s3cret", "mqtt.ssl.key.store.path", "/etc/mqtt/client.p12"));
        assertEquals("/etc/mqtt/trust.p12", translation.settings().get("mqtt.ssl.truststore.location"));
        assertEquals("s3cret", translation.settings().get("mqtt.ssl.truststore.password"));
        assertEquals("/etc/mqtt/client.p12", translation.settings().get("mqtt.ssl.keystore.location"));
        assertFalse(translation.describeAliases().contains("s3cret"), translation.describeAliases());
        assertEquals(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD,
                MqttSourceConfig.CONFIG_DEF.configKeys().get("mqtt.ssl.trust.store.password").type);
    }

    @Test
    void bufferTimeoutsAreRefusedOnTheirKeyWithWhatToUseInstead() {
        Map<String, List<String>> errors = ValidationErrors.of(new MqttSourceConnector().validate(confluentConfig(
                "records.buffer.queue.empty.timeout", "1000", "records.buffer.queue.full.timeout", "60000")));
        assertEquals(List.of("records.buffer.queue.empty.timeout", "records.buffer.queue.full.timeout"),
                errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("records.buffer.queue.empty.timeout").get(0).contains("poll.max.wait.ms"), errors.toString());
    }
}
