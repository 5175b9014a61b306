package io.fleetml.trainer;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.fleetml.connect.common.gcp.GcsLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training file in Cloud Storage. It is read at the generation that was listed, so a file replaced while the
 * trainer runs is read whole, old or new, never a mix.
 */
final class GcsSinkFile implements SinkFile {
    private final Storage storage;
    private final BlobId blob;
    private final String relativeName;

    private GcsSinkFile(Storage storage, BlobId blob, String relativeName) {
        this.storage = storage;
        this.blob = blob;
        this.relativeName = relativeName;
    }

    /** Every object below {@code input}, sorted by relative name. */
    static List<SinkFile> below(Storage storage, GcsLocation input) throws IOException {
        List<SinkFile> files = new ArrayList<>();
        try {
            for (Blob object : storage.list(input.bucket(), Storage.BlobListOption.prefix(input.prefix())).iterateAll()) {
                // A name ending in / is a folder placeholder (the console's "create folder"), not data: a local directory.
                if (!object.getName().endsWith("/")) {
                    files.add(new GcsSinkFile(storage, object.getBlobId(), object.getName().substring(input.prefix().length())));
                }
            }
        } catch (StorageException e) {
            throw new IOException("cannot list --input " + input + ": " + e.getMessage(), e);
        }
        files.sort(BY_NAME);
        return files;
    }

    @Override
    public String location() {
        return GcsLocation.SCHEME + blob.getBucket() + "/" + blob.getName();
    }

    @Override
    public String relativeName() {
        return relativeName;
    }

    @Override
    public InputStream open() throws IOException {
        try {
            return Channels.newInputStream(storage.reader(blob));
        } catch (StorageException e) {
            throw new IOException("cannot read " + location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void withLocalCopy(LocalFileReader reader) throws IOException {
        Path copy = Files.createTempFile("fleetml-trainer-", ".download");
        try {
            try {
                storage.downloadTo(blob, copy);
            } catch (StorageException e) {
                throw new IOException("cannot download " + location() + ": " + e.getMessage(), e);
            }
            reader.read(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
