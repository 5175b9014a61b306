package io.fleetml.connect.bundle;

import io.fleetml.connect.common.ConfigDocs;
import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.connect.gcs.GcsSinkConfig;
import io.fleetml.connect.mqtt.MqttSourceConfig;
import io.fleetml.connect.pii.PiiMask;
import io.fleetml.connect.pubsub.PubSubSourceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the settings reference of every plugin, one Markdown file each, from the plugins' ConfigDefs. The build runs
 * it into {@code target/settings}; {@link SettingsReferenceTest} fails when {@code docs/settings} differs, and
 * {@code mvn -B -pl connect-bundle -am process-test-classes -Dsettings.update} rewrites that.
 */
public final class SettingsReference {
    private SettingsReference() {
    }

    /** File name to content, in the order the pipeline meets the plugins. */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mqtt-source.md", ConfigDocs.markdown("MqttSourceConnector — `io.fleetml.connect.mqtt.MqttSourceConnector`",
                "Brings MQTT 3.1.1 and 5 messages into Kafka at least once: a message is acknowledged to the broker only "
                        + "after Kafka has it.", MqttSourceConfig.CONFIG_DEF));
        files.put("pubsub-source.md", ConfigDocs.markdown("PubSubSourceConnector — `io.fleetml.connect.pubsub.PubSubSourceConnector`",
                "Brings Cloud Pub/Sub messages into Kafka at least once over StreamingPull: a message is acked only after "
                        + "Kafka has it, and nacked for prompt redelivery when its task stops first.", PubSubSourceConfig.CONFIG_DEF));
        files.put("pii-mask.md", ConfigDocs.markdown("PiiMask — `io.fleetml.connect.pii.PiiMask$Value` / `$Key`",
                "Pseudonymizes, redacts, drops, partially masks, generalizes coordinates and scans free text for PII in the "
                        + "record value or key.", PiiMask.CONFIG_DEF));
        files.put("fraud-score.md", ConfigDocs.markdown("FraudScore — `io.fleetml.connect.fraud.FraudScore$Value`",
                "Adds an autoencoder's reconstruction error of the record's features as a fraud score, a flag above the "
                        + "threshold and the model version to the record value.", FraudScore.CONFIG_DEF));
        files.put("gcs-sink.md", ConfigDocs.markdown("GcsSinkConnector — `io.fleetml.connect.gcs.GcsSinkConnector`",
                "Writes records to Google Cloud Storage as partitioned training files, exactly once with deterministic "
                        + "partitioning and rotation.", GcsSinkConfig.CONFIG_DEF));
        return files;
    }

    /** Writes the files into the directory given as the one argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }
}
