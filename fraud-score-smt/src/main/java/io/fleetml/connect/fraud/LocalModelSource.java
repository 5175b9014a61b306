package io.fleetml.connect.fraud;

import io.fleetml.model.metadata.ModelMetadata;
import io.fleetml.model.repository.ModelVersion;
import io.fleetml.model.repository.ModelVersionNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model in a local directory. A directory that is a SavedModel is the one version, loaded once. A directory holding
 * numbered directories (1/, 2/, ..., each a SavedModel with its fleetml-model.json, as TensorFlow Serving lays them out)
 * is a root whose highest number is the version to score with, looked up again on every refresh.
 */
final class LocalModelSource implements ModelSource {
    private final Path path;
    private final boolean versioned;

    private LocalModelSource(Path path, boolean versioned) {
        this.path = path;
        this.versioned = versioned;
    }

    /**
     * A path that is neither a SavedModel nor a root of numbered versions is taken as a SavedModel, so loading it fails
     * with what it lacks; unless {@code awaitFirstVersion}, when an existing directory without one is a root whose first
     * version is still to come.
     */
    static LocalModelSource of(Path path, boolean awaitFirstVersion) {
        boolean root = Files.isDirectory(path) && !ModelLoader.isSavedModel(path)
                && (awaitFirstVersion || numbered(path).findAny().isPresent());
        return new LocalModelSource(path, root);
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public boolean versioned() {
        return versioned;
    }

    @Override
    public Optional<ModelVersion> latest() {
        if (!versioned) {
            return Optional.of(new ModelVersion(0, path.toString(), stamp(path)));
        }
        return numbered(path).max(Comparator.comparingLong(dir -> number(dir)))
                .map(dir -> new ModelVersion(number(dir), dir.toString(), stamp(dir)));
    }

    @Override
    public ScoringModel load(ModelVersion version, VersionLoader loader) {
        return loader.load(version, Path.of(version.location()));
    }

    /**
     * What identifies the files of a version as they are now, so a version directory rejected while it was still being
     * copied is loaded once the copy is complete.
     */
    private static String stamp(Path dir) {
        StringBuilder stamp = new StringBuilder();
        for (Path file : new Path[] {dir, dir.resolve(ModelLoader.SAVED_MODEL_FILE), dir.resolve("variables"),
                dir.resolve(ModelMetadata.FILE_NAME)}) {
            try {
                stamp.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (IOException e) {
                stamp.append("absent;");
            }
        }
        return stamp.toString();
    }

    private static long number(Path dir) {
        return Long.parseLong(dir.getFileName().toString());
    }

    private static Stream<Path> numbered(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(dir -> ModelVersionNames.isNumber(dir.getFileName().toString()))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model versions in " + root, e);
        }
    }
}
