package io.fleetml.model.repository;

import io.fleetml.connect.common.Directories;
import io.fleetml.model.metadata.ModelMetadata;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model root on the local file system. A version is exported into a hidden staging directory and renamed to its
 * number only when complete, so every numbered directory counts as a version: a loader watching the root never sees
 * half a model from the trainer, and one copied in by hand is rejected by the loader until its files are complete.
 */
public final class LocalModelRepository implements ModelRepository {
    private final Path root;
    private Path unpublished;

    public LocalModelRepository(Path root) {
        this.root = root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public ModelRootListing list() throws IOException {
        ModelVersion whole = new ModelVersion(0, root.toString(), stamp(root));
        if (!Files.isDirectory(root)) {
            return new ModelRootListing(true, false, whole, 1, List.of());
        }
        List<Path> children;
        try (Stream<Path> entries = Files.list(root)) {
            children = entries.toList();
        }
        List<ModelVersion> versions = new ArrayList<>();
        for (Path dir : children) {
            String name = dir.getFileName().toString();
            if (Files.isDirectory(dir) && ModelVersionNames.isNumber(name)) {
                versions.add(new ModelVersion(Long.parseLong(name), dir.toString(), stamp(dir)));
            }
        }
        versions.sort(Comparator.comparingLong(ModelVersion::number));
        long next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
        return new ModelRootListing(children.isEmpty(), Files.isRegularFile(root.resolve(SAVED_MODEL_FILE)), whole, next,
                versions);
    }

    /** The version's own directory: a local version is read where it is. */
    @Override
    public Path open(ModelVersion version, Path scratch) {
        return Path.of(version.location());
    }

    /** A fresh, empty staging directory for {@code version}, replacing what a crashed run may have left. */
    @Override
    public Path stage(long version) throws IOException {
        Files.createDirectories(root);
        Path staging = root.resolve(".staging-" + version);
        Directories.deleteTree(staging);
        Files.createDirectories(staging);
        unpublished = staging;
        return staging;
    }

    /** Renames the complete staging directory to the version's number; fails if that version appeared meanwhile. */
    @Override
    public String publish(Path staged, long version) throws IOException {
        Path target = root.resolve(Long.toString(version));
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target);
        }
        unpublished = null;
        return target.toString();
    }

    @Override
    public void close() throws IOException {
        if (unpublished != null) {
            Directories.deleteTree(unpublished);
        }
    }

    /**
     * What identifies the files of a version as they are now, so a version directory rejected while it was still being
     * copied is loaded once the copy is complete.
     */
    private static String stamp(Path dir) {
        StringBuilder stamp = new StringBuilder();
        for (Path file : new Path[] {dir, dir.resolve(SAVED_MODEL_FILE), dir.resolve("variables"),
                dir.resolve(ModelMetadata.FILE_NAME)}) {
            try {
                stamp.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (IOException e) {
                stamp.append("absent;");
            }
        }
        return stamp.toString();
    }
}
