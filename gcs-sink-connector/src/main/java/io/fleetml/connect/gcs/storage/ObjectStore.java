package io.fleetml.connect.gcs.storage;

import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The sink's view of one bucket: opening objects for upload, with the replay-safe precondition when it applies. */
public final class ObjectStore {
    private final Storage storage;
    private final String bucket;
    private final int partSize;
    private final boolean exclusive;

    /** {@code exclusive}: create objects only if absent (exactly-once layouts); otherwise overwrite like other sinks. */
    public ObjectStore(Storage storage, String bucket, int partSize, boolean exclusive) {
        this.storage = storage;
        this.bucket = bucket;
        this.partSize = partSize;
        this.exclusive = exclusive;
    }

    /** Fails with a message naming the bucket when it does not exist or these credentials cannot reach it. */
    public void checkBucket() {
        try {
            Bucket found = storage.get(bucket);
            if (found == null) {
                throw new ConnectException("GCS bucket '" + bucket + "' does not exist");
            }
        } catch (StorageException e) {
            throw new ConnectException("GCS bucket '" + bucket + "' is not reachable: " + e.getCode() + " " + e.getMessage(), e);
        }
    }

    /** With {@code exclusive}, the object also carries a fresh {@link UploadStream#UPLOAD_ID} in its metadata. */
    public UploadStream open(String name, String contentType, Map<String, String> metadata) {
        Map<String, String> tagged = metadata;
        if (exclusive) {
            tagged = new HashMap<>(metadata);
            tagged.put(UploadStream.UPLOAD_ID, UUID.randomUUID().toString());
        }
        BlobInfo info = BlobInfo.newBuilder(bucket, name).setContentType(contentType).setMetadata(tagged).build();
        return new UploadStream(storage, info, partSize, exclusive);
    }

    public String bucket() {
        return bucket;
    }
}
