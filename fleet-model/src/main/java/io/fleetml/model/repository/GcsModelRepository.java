package io.fleetml.model.repository;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.SlashPaths;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.metadata.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model root under a {@code gs://} prefix. Cloud Storage has no rename, so a version cannot appear at once: it is
 * uploaded file by file and {@value ModelMetadata#FILE_NAME} goes last. The fraud-score SMT takes a version as complete
 * only once that file exists, so it never loads a half-uploaded one. Every object is created only if it does not exist
 * yet, so two runs that picked the same number fail instead of mixing their files.
 */
public final class GcsModelRepository implements ModelRepository {
    private static final int PRECONDITION_FAILED = 412;

    private final Storage storage;
    private final GcsLocation root;
    private Path staging;

    public GcsModelRepository(Storage storage, GcsLocation root) {
        this.storage = storage;
        this.root = root;
    }

    /**
     * Counts every numbered "directory", complete or not: a version left half-uploaded by a failed run keeps its
     * number, so its stray objects are never mixed into a later version.
     */
    @Override
    public long nextVersion() throws IOException {
        long largest = 0;
        try {
            for (Blob entry : storage.list(root.bucket(), Storage.BlobListOption.prefix(root.prefix()),
                    Storage.BlobListOption.currentDirectory()).iterateAll()) {
                String name = entry.getName().substring(root.prefix().length());
                if (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                if (ModelVersionNames.isNumber(name)) {
                    largest = Math.max(largest, Long.parseLong(name));
                }
            }
        } catch (StorageException e) {
            throw new IOException("cannot list --output " + root + ": " + e.getMessage(), e);
        }
        return largest + 1;
    }

    @Override
    public Path stage(long version) throws IOException {
        staging = Files.createTempDirectory("fleetml-model-" + version + "-");
        return staging;
    }

    @Override
    public String publish(Path staged, long version) throws IOException {
        String versionPrefix = root.objectName(version + "/");
        Path metadata = staged.resolve(ModelMetadata.FILE_NAME);
        if (!Files.isRegularFile(metadata)) {
            throw new IllegalStateException("the staged model has no " + ModelMetadata.FILE_NAME);
        }
        for (Path file : modelFiles(staged)) {
            upload(file, versionPrefix + SlashPaths.relative(staged, file), version);
        }
        upload(metadata, versionPrefix + ModelMetadata.FILE_NAME, version);
        return root.uri(versionPrefix);
    }

    /** The SavedModel's files, without the metadata, in name order. */
    private static List<Path> modelFiles(Path staged) throws IOException {
        try (Stream<Path> walk = Files.walk(staged)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.equals(staged.resolve(ModelMetadata.FILE_NAME)))
                    .sorted()
                    .toList();
        }
    }


    private void upload(Path file, String objectName, long version) throws IOException {
        try {
            storage.createFrom(BlobInfo.newBuilder(root.bucket(), objectName).build(), file,
                    Storage.BlobWriteOption.doesNotExist());
        } catch (StorageException e) {
            if (e.getCode() == PRECONDITION_FAILED) {
                throw new IOException(root.uri(objectName) + " already exists: another run is publishing version "
                        + version + "; run again to publish the next one", e);
            }
            throw new IOException("cannot upload " + root.uri(objectName) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (staging != null) {
            Directories.deleteTree(staging);
        }
    }
}
