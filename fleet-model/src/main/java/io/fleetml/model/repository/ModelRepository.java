package io.fleetml.model.repository;

import io.fleetml.model.metadata.ModelMetadata;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model root: numbered version directories ({@code 1/}, {@code 2/}, …, as TensorFlow Serving lays them out), each a
 * SavedModel with its {@value ModelMetadata#FILE_NAME}. The trainer publishes the next version into it and the
 * fraud-score SMT lists and loads the highest complete one. A version is published only when complete, so a reader
 * never takes half a model for a version.
 */
public interface ModelRepository extends Closeable {
    /** The file that makes a directory a SavedModel. */
    String SAVED_MODEL_FILE = "saved_model.pb";

    /** The root as given, for messages. */
    String location();

    /** What the root holds now; an {@link IOException} saying why when it cannot be listed. */
    ModelRootListing list() throws IOException;

    /** One more than the largest version number under the root, complete or not, or 1 when there is none. */
    default long nextVersion() throws IOException {
        return list().nextVersion();
    }

    /**
     * A local directory with the files of {@code version} as listed: the version's own directory when the root is local,
     * else {@code scratch} after downloading them into it; an {@link IOException} when they cannot be fetched or changed.
     */
    Path open(ModelVersion version, Path scratch) throws IOException;

    /** An empty local directory to export {@code version} into. */
    Path stage(long version) throws IOException;

    /** Makes the staged version visible to readers, complete, and returns its location. */
    String publish(Path staged, long version) throws IOException;

    /** Deletes a staged version that was not published (training failed); a published version stays. */
    @Override
    void close() throws IOException;
}
