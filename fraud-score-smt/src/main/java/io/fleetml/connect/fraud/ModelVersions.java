package io.fleetml.connect.fraud;

import io.fleetml.connect.fraud.model.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a model's versions are. A path that is a SavedModel is the one version, loaded once. A path holding numbered
 * directories (1/, 2/, ..., each a SavedModel with its fleetml-model.json, as TensorFlow Serving lays them out) is a
 * root whose highest number is the version to score with, looked up again on every refresh.
 */
final class ModelVersions {
    /** One version directory; number 0 when the path is a SavedModel itself. */
    record Version(long number, Path dir) {
    }

    /** Longer names would not fit a long; no trainer numbers its versions that high. */
    private static final int MAX_DIGITS = 18;

    private final Path path;
    private final boolean versioned;

    private ModelVersions(Path path, boolean versioned) {
        this.path = path;
        this.versioned = versioned;
    }

    /**
     * A path that is neither a SavedModel nor a root of numbered versions is taken as a SavedModel, so loading it fails
     * with what it lacks.
     */
    static ModelVersions of(Path path) {
        boolean root = Files.isDirectory(path) && !ModelLoader.isSavedModel(path) && numbered(path).findAny().isPresent();
        return new ModelVersions(path, root);
    }

    /** Whether newer versions can appear, so the path is worth polling. */
    boolean versioned() {
        return versioned;
    }

    /** The version to score with now; empty when a root has no numbered directory left. */
    Optional<Version> latest() {
        if (!versioned) {
            return Optional.of(new Version(0, path));
        }
        return numbered(path).max(Comparator.comparingLong(Version::number));
    }

    /**
     * What identifies the files of a version as they are now: a rejected version is retried only when this changes, so
     * a version directory rejected while it was still being copied is loaded once the copy is complete.
     */
    static String stamp(Path dir) {
        StringBuilder stamp = new StringBuilder();
        for (Path file : new Path[] {dir, dir.resolve("saved_model.pb"), dir.resolve("variables"),
                dir.resolve(ModelMetadata.FILE_NAME)}) {
            try {
                stamp.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (IOException e) {
                stamp.append("absent;");
            }
        }
        return stamp.toString();
    }

    private static Stream<Version> numbered(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(dir -> isNumber(dir.getFileName().toString()))
                    .map(dir -> new Version(Long.parseLong(dir.getFileName().toString()), dir))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model versions in " + root, e);
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() <= MAX_DIGITS && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
