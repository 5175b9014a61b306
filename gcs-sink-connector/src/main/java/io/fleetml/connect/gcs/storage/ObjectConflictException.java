package io.fleetml.connect.gcs.storage;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * An object of the same name already holds different data. With a deterministic partitioner and rotation a replay
 * writes identical files, so this means the layout settings changed or another writer shares the prefix; the task
 * stops rather than overwrite it.
 */
public final class ObjectConflictException extends ConnectException {
    public ObjectConflictException(String bucket, String name, long existingSize, long newSize) {
        super("gs://" + bucket + "/" + name + " already exists with different content (" + existingSize + " bytes, this file "
                + newSize + " bytes); refusing to overwrite. Did partitioner, rotation or format settings change, or does "
                + "another connector write under the same topics.dir?");
    }
}
