package io.fleetml.model.repository;

import io.fleetml.connect.common.Directories;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Numbered version directories as TensorFlow Serving lays them out ({@code <root>/1}, {@code <root>/2}, …): a new model
 * is written into a hidden staging directory and renamed to the next number only when complete, so a loader watching
 * the root never sees half a model.
 */
public final class ModelVersions {
    private ModelVersions() {
    }

    /** One more than the largest numbered directory in {@code root}, or 1 when there is none. */
    public static long next(Path root) throws IOException {
        long largest = 0;
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (ModelVersionNames.isNumber(name)) {
                        largest = Math.max(largest, Long.parseLong(name));
                    }
                }
            }
        }
        return largest + 1;
    }

    /** A fresh, empty staging directory for {@code version}, replacing what a crashed run may have left. */
    public static Path stage(Path root, long version) throws IOException {
        Path staging = root.resolve(".staging-" + version);
        Directories.deleteTree(staging);
        Files.createDirectories(staging);
        return staging;
    }

    /** Renames the complete staging directory to the version's number; fails if that version appeared meanwhile. */
    public static Path publish(Path staging, Path root, long version) throws IOException {
        Path target = root.resolve(Long.toString(version));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        return target;
    }
}
