package io.fleetml.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build unpacked the Confluent Hub archive, and what it must contain. */
final class Bundle {
    static final String VERSION = System.getProperty("fleetml.version");
    static final List<String> TRANSFORMS = List.of("io.fleetml.connect.pii.PiiMask$Key", "io.fleetml.connect.pii.PiiMask$Value");

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
