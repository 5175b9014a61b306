package io.fleetml.model.repository;

import java.util.List;
import java.util.Optional;

/**
 * What a model root holds at one moment, from one listing of it, so a reader's decisions agree with each other.
 *
 * @param empty       whether nothing at all is under the root
 * @param savedModel  whether the root holds a SavedModel itself rather than numbered versions of one
 * @param whole       the root taken as one unnumbered version, for a root that is a SavedModel
 * @param nextVersion one more than the highest numbered version, complete or not, or 1 when there is none
 * @param versions    the complete numbered versions, lowest first
 */
public record ModelRootListing(boolean empty, boolean savedModel, ModelVersion whole, long nextVersion,
                               List<ModelVersion> versions) {
    public ModelRootListing {
        versions = List.copyOf(versions);
    }

    /** The highest complete version, the one to score with. */
    public Optional<ModelVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** Whether some numbered version exists, complete or not. */
    public boolean hasNumberedVersions() {
        return nextVersion > 1;
    }
}
