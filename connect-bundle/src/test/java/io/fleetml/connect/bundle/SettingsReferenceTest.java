package io.fleetml.connect.bundle;

import io.fleetml.connect.common.ConfigDocs;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.connect.gcs.GcsSinkConfig;
import io.fleetml.connect.mqtt.MqttSourceConfig;
import io.fleetml.connect.pii.PiiMask;
import io.fleetml.connect.pubsub.PubSubSourceConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's settings reference is generated from the plugins' ConfigDefs. This test fails when the two differ;
 * {@code -Dfleetml.readme.update=true} rewrites the section instead.
 */
class SettingsReferenceTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String BEGIN = "<!-- settings-reference:begin -->\n";
    private static final String END = "<!-- settings-reference:end -->";

    static String generated() {
        return ConfigDocs.markdown("MqttSourceConnector — `io.fleetml.connect.mqtt.MqttSourceConnector`",
                "Brings MQTT 3.1.1 and 5 messages into Kafka at least once: a message is acknowledged to the broker only "
                        + "after Kafka has it.", MqttSourceConfig.CONFIG_DEF)
                + "\n" + ConfigDocs.markdown("PubSubSourceConnector — `io.fleetml.connect.pubsub.PubSubSourceConnector`",
                "Brings Cloud Pub/Sub messages into Kafka at least once over StreamingPull: a message is acked only after "
                        + "Kafka has it, and nacked for prompt redelivery when its task stops first.", PubSubSourceConfig.CONFIG_DEF)
                + "\n" + ConfigDocs.markdown("GcsSinkConnector — `io.fleetml.connect.gcs.GcsSinkConnector`",
                "Writes records to Google Cloud Storage as partitioned training files, exactly once with deterministic "
                        + "partitioning and rotation.", GcsSinkConfig.CONFIG_DEF)
                + "\n" + ConfigDocs.markdown("PiiMask — `io.fleetml.connect.pii.PiiMask$Value` / `$Key`",
                "Pseudonymizes, redacts, drops, partially masks, generalizes coordinates and scans free text for PII in the "
                        + "record value or key.", PiiMask.CONFIG_DEF)
                + "\n" + ConfigDocs.markdown("FraudScore — `io.fleetml.connect.fraud.FraudScore$Value`",
                "Adds an autoencoder's reconstruction error of the record's features as a fraud score, a flag above the "
                        + "threshold and the model version to the record value.", FraudScore.CONFIG_DEF);
    }

    @Test
    void readmeSettingsReferenceMatchesTheConfigDefs() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the settings-reference markers");
        String current = readme.substring(begin + BEGIN.length(), end);
        String expected = generated();
        if (Boolean.getBoolean("fleetml.readme.update")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, current, "README's settings reference is stale: regenerate it with "
                + "mvn -B -pl connect-bundle -am test -Dfleetml.readme.update=true");
    }
}
