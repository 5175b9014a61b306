package io.fleetml.connect.fraud;

import io.fleetml.model.repository.LocalModelRepository;
import io.fleetml.model.repository.ModelRootListing;
import io.fleetml.model.repository.ModelVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model in a local directory. A directory that is a SavedModel is the one version, loaded once. A directory holding
 * numbered directories (a {@link LocalModelRepository}) is a root whose highest number is the version to score with,
 * looked up again on every refresh.
 */
final class LocalModelSource implements ModelSource {
    private final LocalModelRepository repository;
    private final boolean versioned;

    private LocalModelSource(LocalModelRepository repository, boolean versioned) {
        this.repository = repository;
        this.versioned = versioned;
    }

    /**
     * A path that is neither a SavedModel nor a root of numbered versions is taken as a SavedModel, so loading it fails
     * with what it lacks; unless {@code awaitFirstVersion}, when an existing directory without one is a root whose first
     * version is still to come.
     */
    static LocalModelSource of(Path path, boolean awaitFirstVersion) {
        LocalModelRepository repository = new LocalModelRepository(path);
        ModelRootListing listing = list(repository);
        boolean root = Files.isDirectory(path) && !listing.savedModel()
                && (awaitFirstVersion || listing.hasNumberedVersions());
        return new LocalModelSource(repository, root);
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
        ModelRootListing listing = list(repository);
        return versioned ? listing.latest() : Optional.of(listing.whole());
    }

    @Override
    public ScoringModel load(ModelVersion version, VersionLoader loader) {
        return loader.load(version, repository.open(version, null));
    }

    private static ModelRootListing list(LocalModelRepository repository) {
        try {
            return repository.list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model versions in " + repository.location(), e);
        }
    }
}
