package io.fleetml.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where the build unpacked the per-plugin archives side by side, and the plugins they carry together. */
final class Bundle {
    static final String VERSION = System.getProperty("fleetml.version");
    /** The TensorFlow Java version the FraudScore archives carry, native library included. */
    static final String TENSORFLOW_VERSION = System.getProperty("fleetml.tensorflow.version");
    /** Every plugin class of the archives and its type as Connect's REST API and connect-plugin-path name it. */
    static final Map<String, String> PLUGINS = allPlugins();

    private Bundle() {
    }

    /** The directory to put on {@code plugin.path}: each archive in a directory of its own, so a class loader of its own. */
    static Path pluginPath() {
        Path dir = Path.of(System.getProperty("fleetml.plugins.dir", "target/plugins"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the unpacked archives are missing at " + dir.toAbsolutePath() + "; run mvn verify");
        }
        return dir;
    }

    private static Map<String, String> allPlugins() {
        Map<String, String> plugins = new HashMap<>();
        for (Archive archive : Archive.values()) {
            plugins.putAll(archive.plugins());
        }
        return Map.copyOf(plugins);
    }
}
