package io.fleetml.connect.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree chores shared by the plugins, the trainer and the test fixtures, so none carries its own walk-and-delete. */
public final class Directories {
    private Directories() {
    }

    /** Deletes {@code root} and everything below it; a root that does not exist is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e, e);
        }
    }
}
