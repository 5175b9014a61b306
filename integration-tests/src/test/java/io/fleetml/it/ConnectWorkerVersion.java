package io.fleetml.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Connect worker distribution the build unpacked into {@code target/workers/<kafka version>/lib}: the jars a
 * {@code ConnectDistributed} of that Kafka version runs on, resolved by Maven from the version's own dependencies.
 */
record ConnectWorkerVersion(String version, Path lib) {
    private static final Comparator<ConnectWorkerVersion> OLDEST_FIRST =
            Comparator.comparing(ConnectWorkerVersion::numbers, Arrays::compare);

    /** Every unpacked worker, oldest first; the newest must be the Kafka the plugins build against. */
    static List<ConnectWorkerVersion> all() {
        Path dir = Path.of(System.getProperty("fleetml.workers.dir", "target/workers"));
        List<ConnectWorkerVersion> workers;
        try (Stream<Path> children = Files.list(dir)) {
            workers = children.filter(child -> Files.isDirectory(child.resolve("lib")))
                    .map(child -> new ConnectWorkerVersion(child.getFileName().toString(), child.resolve("lib")))
                    .sorted(OLDEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no unpacked Connect workers at " + dir.toAbsolutePath() + "; run mvn verify", e);
        }
        String buildVersion = System.getProperty("fleetml.kafka.version");
        if (workers.isEmpty() || !workers.get(workers.size() - 1).version().equals(buildVersion)) {
            throw new IllegalStateException("expected Connect workers up to " + buildVersion + ", the Kafka the plugins build against, in "
                    + dir.toAbsolutePath() + "; found " + workers);
        }
        return workers;
    }

    /** Whether this worker is Kafka {@code major.minor} or later. */
    boolean atLeast(int major, int minor) {
        return Arrays.compare(numbers(), new int[] {major, minor}) >= 0;
    }

    /** The version in names of topics, connectors and buckets: {@code 3-7-2}. */
    String tag() {
        return version.replace('.', '-');
    }

    private int[] numbers() {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public String toString() {
        return "Connect " + version;
    }
}
