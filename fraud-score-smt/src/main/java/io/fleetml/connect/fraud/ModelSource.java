package io.fleetml.connect.fraud;

import io.fleetml.model.repository.ModelVersion;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one model role's versions come from: a local directory ({@link LocalModelSource}) or a gs:// location
 * ({@link GcsModelSource}). A location that is a SavedModel itself is its one version; a root of numbered versions is
 * listed again on every refresh.
 */
interface ModelSource {
    /** Builds a model from a version's files on local disk. */
    @FunctionalInterface
    interface VersionLoader {
        ScoringModel load(ModelVersion version, Path dir);
    }

    /** The location as configured, for messages. */
    String location();

    /** Whether the location is a root of numbered versions, so a refresh can find a newer one. */
    boolean versioned();

    /**
     * The version to score with now: the highest complete one of a root. Empty when a root has none left; a
     * {@link ModelDownloadException} when the location cannot be listed.
     */
    Optional<ModelVersion> latest();

    /**
     * The model {@code loader} builds from the version's files, fetched first when they are remote. A
     * {@link ModelDownloadException} when they cannot be fetched; the loader's exception when they are not a model.
     */
    ScoringModel load(ModelVersion version, VersionLoader loader);
}
