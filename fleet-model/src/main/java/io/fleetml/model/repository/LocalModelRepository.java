package io.fleetml.model.repository;

import io.fleetml.connect.common.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model root on the local file system: staged in a hidden directory, published by renaming it (see {@link ModelVersions}). */
public final class LocalModelRepository implements ModelRepository {
    private final Path root;
    private Path unpublished;

    public LocalModelRepository(Path root) {
        this.root = root;
    }

    @Override
    public long nextVersion() throws IOException {
        return ModelVersions.next(root);
    }

    @Override
    public Path stage(long version) throws IOException {
        Files.createDirectories(root);
        unpublished = ModelVersions.stage(root, version);
        return unpublished;
    }

    @Override
    public String publish(Path staged, long version) throws IOException {
        Path published = ModelVersions.publish(staged, root, version);
        unpublished = null;
        return published.toString();
    }

    @Override
    public void close() throws IOException {
        if (unpublished != null) {
            Directories.deleteTree(unpublished);
        }
    }
}
