package io.fleetml.connect.fraud;

import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.repository.GcsModelRepository;
import io.fleetml.model.repository.ModelRepository;
import io.fleetml.model.repository.ModelRootListing;
import io.fleetml.model.repository.ModelVersion;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model in Cloud Storage, laid out as locally: a SavedModel under the prefix, or a {@link GcsModelRepository} of
 * numbered versions whose complete ones have their fleetml-model.json. A version is downloaded into a local directory,
 * loaded from there like a local one, and its files deleted right after, since a loaded model no longer reads them.
 */
final class GcsModelSource implements ModelSource {
    private static final Logger log = LoggerFactory.getLogger(GcsModelSource.class);

    private final GcsModelRepository repository;
    private final Path cache;
    private final boolean versioned;

    private GcsModelSource(GcsModelRepository repository, Path cache, boolean versioned) {
        this.repository = repository;
        this.cache = cache;
        this.versioned = versioned;
    }

    /**
     * Lists {@code root} to tell a SavedModel from a root of versions; a location that is neither (unless
     * {@code awaitFirstVersion}: then it is a root whose first version is still to come), or cannot be read, fails with
     * a {@link ConfigException} naming {@code setting}. Versions are downloaded below {@code cache}.
     */
    static GcsModelSource open(Storage storage, GcsLocation root, String setting, Path cache, boolean awaitFirstVersion) {
        GcsModelRepository repository = new GcsModelRepository(storage, root);
        ModelRootListing listing;
        try {
            listing = repository.list();
        } catch (IOException e) {
            throw new ConfigException(setting, root.toString(), e.getMessage());
        }
        if (listing.empty() && !awaitFirstVersion) {
            throw new ConfigException(setting, root.toString(), "there is no object under it");
        }
        if (!listing.savedModel() && listing.latest().isEmpty() && !awaitFirstVersion) {
            throw new ConfigException(setting, root.toString(), listing.hasNumberedVersions()
                    ? "none of its numbered versions is complete: each lacks " + ModelMetadata.FILE_NAME
                            + ", which the trainer uploads last"
                    : "is not a SavedModel (it has no " + ModelRepository.SAVED_MODEL_FILE + ") nor a root of numbered "
                            + "versions (1/, 2/, ...)");
        }
        return new GcsModelSource(repository, cache, !listing.savedModel());
    }

    @Override
    public String location() {
        return repository.location();
    }

    @Override
    public boolean versioned() {
        return versioned;
    }

    @Override
    public Optional<ModelVersion> latest() {
        ModelRootListing listing;
        try {
            listing = repository.list();
        } catch (IOException e) {
            throw new ModelDownloadException(e.getMessage(), e);
        }
        return versioned ? listing.latest() : Optional.of(listing.whole());
    }

    @Override
    public ScoringModel load(ModelVersion version, VersionLoader loader) {
        Path local = cache.resolve(Long.toString(version.number()));
        try {
            long started = System.nanoTime();
            try {
                repository.open(version, local);
            } catch (IOException e) {
                throw new ModelDownloadException(e.getMessage(), e);
            }
            log.info("FraudScore: downloaded {} ({} bytes) in {} ms", version.location(), bytes(local),
                    (System.nanoTime() - started) / 1_000_000);
            return loader.load(version, local);
        } finally {
            try {
                Directories.deleteTree(local);
            } catch (UncheckedIOException e) {
                log.warn("FraudScore: cannot delete the downloaded model files in {}: {}", local, e.getMessage());
            }
        }
    }

    private static long bytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
