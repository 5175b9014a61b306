package io.fleetml.connect.fraud;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.fleetml.connect.common.Directories;
import io.fleetml.connect.common.gcp.GcsLocation;
import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.repository.ModelVersion;
import io.fleetml.model.repository.ModelVersionNames;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A model in Cloud Storage, laid out as locally: a SavedModel under the prefix, or numbered "directories" of them
 * (prefix/1/, prefix/2/, ...). A numbered version counts only once its fleetml-model.json exists, because the trainer
 * uploads that last: a version still being uploaded is not seen. A version is downloaded into a local directory, loaded
 * from there like a local one, and its files deleted right after, since a loaded model no longer reads them.
 */
final class GcsModelSource implements ModelSource {
    private static final Logger log = LoggerFactory.getLogger(GcsModelSource.class);
    private static final int NOT_FOUND = 404;
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;

    private final Storage storage;
    private final GcsLocation root;
    private final String setting;
    private final Path cache;
    private final boolean versioned;

    private GcsModelSource(Storage storage, GcsLocation root, String setting, Path cache, boolean versioned) {
        this.storage = storage;
        this.root = root;
        this.setting = setting;
        this.cache = cache;
        this.versioned = versioned;
    }

    /**
     * Lists {@code root} to tell a SavedModel from a root of versions; a location that is neither (unless
     * {@code awaitFirstVersion}: then it is a root whose first version is still to come), or cannot be read, fails with
     * a {@link ConfigException} naming {@code setting}. Versions are downloaded below {@code cache}.
     */
    static GcsModelSource open(Storage storage, GcsLocation root, String setting, Path cache, boolean awaitFirstVersion) {
        List<Blob> objects;
        try {
            objects = list(storage, root);
        } catch (StorageException e) {
            throw new ConfigException(setting, root.toString(), unreadable(e, root));
        }
        if (objects.isEmpty() && !awaitFirstVersion) {
            throw new ConfigException(setting, root.toString(), "there is no object under it");
        }
        boolean savedModel = objects.stream().anyMatch(o -> o.getName().equals(root.prefix() + ModelLoader.SAVED_MODEL_FILE));
        if (!savedModel && newest(root, objects).isEmpty() && !awaitFirstVersion) {
            throw new ConfigException(setting, root.toString(), objects.stream().anyMatch(o -> versionName(root, o) != null)
                    ? "none of its numbered versions is complete: each lacks " + ModelMetadata.FILE_NAME
                            + ", which the trainer uploads last"
                    : "is not a SavedModel (it has no " + ModelLoader.SAVED_MODEL_FILE + ") nor a root of numbered "
                            + "versions (1/, 2/, ...)");
        }
        return new GcsModelSource(storage, root, setting, cache, !savedModel);
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean versioned() {
        return versioned;
    }

    @Override
    public Optional<ModelVersion> latest() {
        List<Blob> objects;
        try {
            objects = list(storage, root);
        } catch (StorageException e) {
            throw new ModelDownloadException(unreadable(e, root), e);
        }
        if (!versioned) {
            return Optional.of(new ModelVersion(0, root.toString(), stamp(root, objects)));
        }
        return newest(root, objects).map(name -> {
            GcsLocation dir = root.child(name);
            List<Blob> files = objects.stream().filter(o -> o.getName().startsWith(dir.prefix())).toList();
            return new ModelVersion(Long.parseLong(name), dir.toString(), stamp(dir, files));
        });
    }

    @Override
    public ScoringModel load(ModelVersion version, VersionLoader loader) {
        Path local = cache.resolve(Long.toString(version.number()));
        try {
            download(GcsLocation.parse(version.location(), setting), version.stamp(), local);
            return loader.load(version, local);
        } finally {
            try {
                Directories.deleteTree(local);
            } catch (UncheckedIOException e) {
                log.warn("FraudScore: cannot delete the downloaded model files in {}: {}", local, e.getMessage());
            }
        }
    }

    /** Downloads exactly the objects whose generations {@code stamp} lists, or fails if the version changed since. */
    private void download(GcsLocation dir, String stamp, Path local) {
        long started = System.nanoTime();
        long bytes = 0;
        try {
            List<Blob> objects = list(storage, dir);
            if (!stamp(dir, objects).equals(stamp)) {
                throw new ModelDownloadException(dir + " changed while it was being downloaded");
            }
            Directories.deleteTree(local);
            for (Blob object : objects) {
                Path target = local.resolve(object.getName().substring(dir.prefix().length())).normalize();
                if (!target.startsWith(local)) {
                    throw new ModelDownloadException("the object name " + object.getName() + " leads outside " + dir);
                }
                Files.createDirectories(target.getParent());
                storage.downloadTo(BlobId.of(dir.bucket(), object.getName(), object.getGeneration()), target);
                bytes += Files.size(target);
            }
        } catch (StorageException | IOException | UncheckedIOException e) {
            throw new ModelDownloadException("cannot download " + dir + ": " + e.getMessage(), e);
        }
        log.info("FraudScore: downloaded {} ({} bytes) in {} ms", dir, bytes, (System.nanoTime() - started) / 1_000_000);
    }

    /** The objects under {@code dir}, without the empty placeholder objects some tools create for folders. */
    private static List<Blob> list(Storage storage, GcsLocation dir) {
        List<Blob> objects = new ArrayList<>();
        Iterable<Blob> page = dir.prefix().isEmpty() ? storage.list(dir.bucket()).iterateAll()
                : storage.list(dir.bucket(), Storage.BlobListOption.prefix(dir.prefix())).iterateAll();
        for (Blob object : page) {
            if (!object.getName().endsWith("/")) {
                objects.add(object);
            }
        }
        return objects;
    }

    /** The name of the highest numbered version that has its fleetml-model.json. */
    private static Optional<String> newest(GcsLocation root, List<Blob> objects) {
        Map<String, Boolean> complete = new TreeMap<>();
        for (Blob object : objects) {
            String name = versionName(root, object);
            if (name != null) {
                String file = object.getName().substring(root.prefix().length() + name.length() + 1);
                complete.merge(name, file.equals(ModelMetadata.FILE_NAME), Boolean::logicalOr);
            }
        }
        return complete.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .max(Comparator.comparingLong(Long::parseLong));
    }

    /** The numbered directory right below {@code root} that holds {@code object}, or null when it is in none. */
    private static String versionName(GcsLocation root, Blob object) {
        String relative = object.getName().substring(root.prefix().length());
        int slash = relative.indexOf('/');
        return slash > 0 && ModelVersionNames.isNumber(relative.substring(0, slash)) ? relative.substring(0, slash) : null;
    }

    /** The objects' names below {@code dir} and generations: a new upload of any of them changes it. */
    private static String stamp(GcsLocation dir, List<Blob> objects) {
        return objects.stream().map(o -> o.getName().substring(dir.prefix().length()) + "#" + o.getGeneration())
                .sorted().collect(Collectors.joining(";"));
    }

    private static String unreadable(StorageException e, GcsLocation root) {
        return switch (e.getCode()) {
            case NOT_FOUND -> "the bucket '" + root.bucket() + "' does not exist";
            case UNAUTHORIZED, FORBIDDEN -> "no access to list it: " + e.getMessage();
            default -> "cannot be listed: " + e.getMessage();
        };
    }
}
