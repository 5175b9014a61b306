package io.fleetml.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One plugin's Confluent Hub archive as the build unpacked it: {@code plugins/<archive module>/<component>/}, the
 * plugin classes it must carry and their types as Connect's REST API and connect-plugin-path name them.
 */
enum Archive {
    MQTT_SOURCE("mqtt-source", Map.of("io.fleetml.connect.mqtt.MqttSourceConnector", "source")),
    PUBSUB_SOURCE("pubsub-source", Map.of("io.fleetml.connect.pubsub.PubSubSourceConnector", "source")),
    GCS_SINK("gcs-sink", Map.of("io.fleetml.connect.gcs.GcsSinkConnector", "sink")),
    PII_MASK("pii-mask", Map.of("io.fleetml.connect.pii.PiiMask$Key", "transformation",
            "io.fleetml.connect.pii.PiiMask$Value", "transformation")),
    /** The FraudScore archive for the platform the tests run on. */
    FRAUD_SCORE("fraud-score-linux-x86_64", Map.of("io.fleetml.connect.fraud.FraudScore$Value", "transformation"));

    private final String component;
    private final Map<String, String> plugins;

    Archive(String component, Map<String, String> plugins) {
        this.component = component;
        this.plugins = plugins;
    }

    /** The component name of the archive's {@code manifest.json}. */
    String component() {
        return component;
    }

    Map<String, String> plugins() {
        return plugins;
    }

    /** A directory to put on {@code plugin.path} that holds this archive and nothing else. */
    Path alone() {
        Path dir = Bundle.pluginPath().resolve(component + "-archive");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the unpacked " + component + " archive is missing at " + dir.toAbsolutePath()
                    + "; run mvn verify");
        }
        return dir;
    }

    /** The component directory itself ({@code manifest.json}, {@code lib/}, {@code doc/}, {@code etc/}). */
    Path directory() {
        try (Stream<Path> children = Files.list(alone())) {
            return children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no component directory in " + alone()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return component;
    }
}
