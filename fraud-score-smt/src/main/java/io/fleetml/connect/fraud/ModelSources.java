package io.fleetml.connect.fraud;

import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.connect.common.gcp.GcsSettings;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the model locations of one transform instance: a local path as it is; gs:// ones through one Cloud Storage
 * client, downloading into a directory of this instance alone, so two tasks on a worker never share files. Both are
 * made only when a gs:// location needs them; {@link #close()} closes the client and deletes the directory.
 */
final class ModelSources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelSources.class);
    private static final String CACHE_PREFIX = "fraud-score-models-";

    private final FraudScoreConfig config;
    private final boolean awaitFirstVersion;
    private Storage storage;
    private Path cache;

    ModelSources(FraudScoreConfig config) {
        this.config = config;
        this.awaitFirstVersion = config.onMissingModel() == FraudScoreConfig.OnMissingModel.PASS;
    }

    /** The source of {@code location}, the value of {@code setting}; {@code role} names its download directory. */
    ModelSource open(String setting, String location, String role) {
        if (!GcsLocation.isGcs(location)) {
            return LocalModelSource.of(Path.of(location), awaitFirstVersion);
        }
        return GcsModelSource.open(storage(), GcsLocation.parse(location, setting), setting, cache().resolve(role),
                awaitFirstVersion);
    }

    private Storage storage() {
        if (storage == null) {
            storage = GcsSettings.client(config);
        }
        return storage;
    }

    private Path cache() {
        if (cache == null) {
            Path parent = config.modelCacheDir();
            try {
                cache = parent == null ? Files.createTempDirectory(CACHE_PREFIX)
                        : Files.createTempDirectory(Files.createDirectories(parent), CACHE_PREFIX);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ConfigException(FraudScoreConfig.MODEL_CACHE_DIR_CONFIG, String.valueOf(parent),
                        "cannot create a directory for downloaded models there: " + e);
            }
        }
        return cache;
    }

    @Override
    public void close() {
        if (storage != null) {
            try {
                storage.close();
            } catch (Exception e) {
                log.warn("FraudScore: cannot close the Cloud Storage client: {}", e.toString());
            }
            storage = null;
        }
        if (cache != null) {
            try {
                Directories.deleteTree(cache);
            } catch (UncheckedIOException e) {
                log.warn("FraudScore: cannot delete the model download directory {}: {}", cache, e.getMessage());
            }
            cache = null;
        }
    }
}
