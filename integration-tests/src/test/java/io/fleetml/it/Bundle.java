package io.fleetml.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Where the build unpacked the Confluent Hub archive, and what it must contain. */
final class Bundle {
    static final String VERSION = System.getProperty("fleetml.version");
    /** The TensorFlow Java version the bundle carries, native library included. */
    static final String TENSORFLOW_VERSION = System.getProperty("fleetml.tensorflow.version");
    /** Every plugin class of the bundle and its type as Connect's REST API and connect-plugin-path name it. */
    static final Map<String, String> PLUGINS = Map.of(
            "io.fleetml.connect.pii.PiiMask$Key", "transformation",
            "io.fleetml.connect.pii.PiiMask$Value", "transformation",
            "io.fleetml.connect.fraud.FraudScore$Value", "transformation",
            "io.fleetml.connect.gcs.GcsSinkConnector", "sink",
            "io.fleetml.connect.mqtt.MqttSourceConnector", "source",
            "io.fleetml.connect.pubsub.PubSubSourceConnector", "source");

    private Bundle() {
    }

    /** The directory to put on {@code plugin.path}: it holds the unpacked component. */
    static Path pluginPath() {
        Path dir = Path.of(System.getProperty("fleetml.bundle.dir", "target/bundle"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the unpacked bundle is missing at " + dir.toAbsolutePath() + "; run mvn verify");
        }
        return dir;
    }

    /** The component directory itself ({@code manifest.json}, {@code lib/}, {@code doc/}, {@code etc/}). */
    static Path component() {
        try (Stream<Path> children = Files.list(pluginPath())) {
            return children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no component directory in " + pluginPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
