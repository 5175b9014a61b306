package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.config.InvalidSetting;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's policy on brokers and store files, and passwords only over TLS, in validate(), start() and at the read. */
@ExtendWith(WorkerPolicyReset.class)
class MqttWorkerPolicyTest {
    @TempDir
    Path dir;

    private static Map<String, String> props(String... settings) {
        Map<String, String> props = new HashMap<>(Map.of("mqtt.server.uris", "ssl://broker.example:8883",
                "mqtt.topics", "vehicles/+/telemetry", "kafka.topic", "telemetry"));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return ValidationErrors.of(new MqttSourceConnector().validate(props));
    }

    private static void refusedNaming(Map<String, String> props, String setting, String also) {
        assertEquals(List.of(setting), List.copyOf(errors(props).keySet()), props.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> new MqttSourceConnector().start(props));
        assertTrue(e.getMessage().contains(setting) && e.getMessage().contains(also), e.getMessage());
    }

    @Test
    void storeFilesOutsideTheAllowedDirectoriesAreRefusedHoweverTheyAreWritten() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path outside = Files.writeString(dir.resolve("ca.pem"), "not read");
        Files.createSymbolicLink(certs.resolve("ca.pem"), outside);
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, certs.toString());
        for (String setting : List.of("mqtt.ssl.truststore.location", "mqtt.ssl.keystore.location")) {
            for (String path : List.of(outside.toString(), certs + "/../ca.pem", certs.resolve("ca.pem").toString())) {
                refusedNaming(props(setting, path), setting, WorkerPolicy.PATHS_ENV);
            }
        }
        assertEquals(Map.of(), errors(props("mqtt.ssl.truststore.location", certs.resolve("ca-to-come.pem").toString())));
    }

    @Test
    void theStoreIsCheckedAgainWhenItIsRead() throws IOException {
        Path outside = Files.writeString(dir.resolve("ca.pem"), "not read");
        MqttSourceConfig config = new MqttSourceConfig(props("mqtt.ssl.truststore.type", "PEM",
                "mqtt.ssl.truststore.location", outside.toString()));
        System.setProperty(WorkerPolicy.PATHS_PROPERTY, Files.createDirectories(dir.resolve("certs")).toString());
        InvalidSetting e = assertThrows(InvalidSetting.class, () -> TlsContexts.sslConfig(config));
        assertEquals("mqtt.ssl.truststore.location", e.setting());
        assertFalse(e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void aBrokerTheWorkerDoesNotListIsRefused() {
        System.setProperty(WorkerPolicy.ENDPOINTS_PROPERTY, "ssl://broker.example:8883");
        assertEquals(Map.of(), errors(props()));
        refusedNaming(props("mqtt.server.uris", "ssl://broker.example:8883,ssl://other.example:8883"), "mqtt.server.uris",
                WorkerPolicy.ENDPOINTS_ENV);
        refusedNaming(props("mqtt.server.uris", "tcp://broker.example:8883"), "mqtt.server.uris", WorkerPolicy.ENDPOINTS_ENV);
    }

    @Test
    void aPasswordIsRefusedWhenAnyBrokerIsPlaintext() {
        assertEquals(Map.of(), errors(props("mqtt.username", "bridge", "mqtt.password", "secret-value")));
        assertEquals(Map.of(), errors(props("mqtt.server.uris", "tcp://localhost:1883", "mqtt.username", "bridge")));
        Map<String, String> mixed = props("mqtt.server.uris", "ssl://broker.example:8883,tcp://fallback.example:1883",
                "mqtt.password", "secret-value");
        refusedNaming(mixed, "mqtt.password", "ssl://");
        ConfigException e = assertThrows(ConfigException.class, () -> new MqttSourceConfig(mixed));
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    }
}
