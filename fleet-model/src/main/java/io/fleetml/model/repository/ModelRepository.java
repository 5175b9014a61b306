package io.fleetml.model.repository;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where trained models are published: numbered version directories under a root, as TensorFlow Serving lays them out
 * and the fraud-score SMT polls them. A version is exported into a local staging directory and published only when
 * complete, so a reader never takes half a model for a version.
 */
public interface ModelRepository extends Closeable {
    /** One more than the largest version number under the root, or 1 when there is none. */
    long nextVersion() throws IOException;

    /** An empty local directory to export {@code version} into. */
    Path stage(long version) throws IOException;

    /** Makes the staged version visible to readers and returns its location. */
    String publish(Path staged, long version) throws IOException;

    /** Deletes a staged version that was not published (training failed); a published version stays. */
    @Override
    void close() throws IOException;
}
