package io.fleetml.connect.gcs.storage;

import com.google.cloud.BaseServiceException;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The bytes of one object on their way to GCS. A file that stays under one part is sent in a single request when it
 * is finished; a larger one streams as a resumable upload, so memory never grows with file size. Either way the
 * object appears only when the file is finished, and with {@code exclusive} only if no object of that name exists.
 *
 * <p>An existing object (HTTP 412 {@code conditionNotMet}) is accepted when it holds exactly these bytes, which is what
 * a replay after a crash produces; the CRC32C of the stream is kept for that comparison. When the object also carries
 * this upload's {@link #UPLOAD_ID} it is this very upload, whose answer was lost while GCS stored it (the client's retry
 * then meets its own object): it counts as created, not as found. Other 412 reasons (and a 400 for a checksum GCS
 * computed differently) are failures like any other.
 */
public final class UploadStream extends OutputStream {
    /** Custom metadata naming the upload that created an object, so a retry can recognise its own object. */
    public static final String UPLOAD_ID = "fleetml-upload-id";
    private static final int PRECONDITION_FAILED = 412;
    private static final String CONDITION_NOT_MET = "conditionNotMet";
    private static final int FORBIDDEN = 403;

    /** How a finished upload's object came to be. */
    public enum Outcome {
        /** This upload created the object (and may have learnt so only after a lost answer). */
        CREATED,
        /** An earlier upload of the same file (a replay) had created it with these bytes; it was left as it was. */
        ALREADY_PRESENT
    }

    private static final int INITIAL_BUFFER = 8 * 1024;

    private final Storage storage;
    private final BlobInfo info;
    private final int partSize;
    private final boolean exclusive;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int count;
    private long size;
    private WriteChannel channel;
    private boolean alreadyExists;
    private boolean ownObject;
    private boolean finished;

    UploadStream(Storage storage, BlobInfo info, int partSize, boolean exclusive) {
        this.storage = storage;
        this.info = info;
        this.partSize = partSize;
        this.exclusive = exclusive;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        crc.update(bytes, offset, length);
        size += length;
        if (alreadyExists) {
            return;
        }
        if (channel != null) {
            writeToChannel(ByteBuffer.wrap(bytes, offset, length));
            return;
        }
        if (count + length <= partSize) {
            ensureCapacity(count + length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
            return;
        }
        openChannel();
        writeToChannel(ByteBuffer.wrap(buffer, 0, count));
        buffer = null;
        count = 0;
        writeToChannel(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Bytes of this file held in memory: the pending single-request buffer, or at most one part of the resumable upload. */
    public long bufferedBytes() {
        return channel != null ? partSize : buffer == null ? 0 : buffer.length;
    }

    public long size() {
        return size;
    }

    /** Once closed: whether this upload created the object or found it created by an earlier one. */
    public Outcome outcome() {
        return alreadyExists && !ownObject ? Outcome.ALREADY_PRESENT : Outcome.CREATED;
    }

    /**
     * Finishes the object. Throws {@link ObjectConflictException} if a different object of this name exists, and an
     * IOException naming the object when that could not be checked.
     */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (!alreadyExists) {
                if (channel == null) {
                    createInOneRequest();
                } else {
                    channel.close();
                }
            }
        } catch (BaseServiceException e) {
            onServiceError(e);
        } catch (IOException e) {
            onIoError(e);
        } finally {
            buffer = null;
        }
        if (alreadyExists) {
            verifyExisting();
        }
    }

    /** Gives up this file: nothing becomes visible (an unfinished resumable session leaves no object). */
    public void abort() {
        finished = true;
        buffer = null;
        channel = null;
    }

    // The client would gzip every request body again; training files are compressed by their format already (or were
    // left uncompressed on purpose), so transport gzip only burns CPU on both ends.
    private void createInOneRequest() {
        if (exclusive) {
            storage.create(info, buffer, 0, count, Storage.BlobTargetOption.doesNotExist(), Storage.BlobTargetOption.disableGzipContent());
        } else {
            storage.create(info, buffer, 0, count, Storage.BlobTargetOption.disableGzipContent());
        }
    }

    private void openChannel() throws IOException {
        try {
            channel = exclusive
                    ? storage.writer(info, Storage.BlobWriteOption.doesNotExist(), Storage.BlobWriteOption.disableGzipContent())
                    : storage.writer(info, Storage.BlobWriteOption.disableGzipContent());
            channel.setChunkSize(partSize);
        } catch (BaseServiceException e) {
            onServiceError(e);
        }
    }

    private void writeToChannel(ByteBuffer bytes) throws IOException {
        try {
            while (bytes.hasRemaining() && !alreadyExists) {
                channel.write(bytes);
            }
        } catch (BaseServiceException e) {
            onServiceError(e);
        } catch (IOException e) {
            onIoError(e);
        }
    }

    private void onServiceError(BaseServiceException e) {
        if (e.getCode() == PRECONDITION_FAILED && CONDITION_NOT_MET.equals(e.getReason()) && exclusive) {
            alreadyExists = true;
        } else {
            throw e;
        }
    }

    private void onIoError(IOException e) throws IOException {
        BaseServiceException service = ServiceErrors.causeOf(e);
        if (service == null) {
            throw e;
        }
        onServiceError(service);
    }

    private void verifyExisting() throws IOException {
        Blob existing;
        try {
            existing = storage.get(info.getBlobId());
        } catch (BaseServiceException e) {
            // Without reading the object the sink cannot tell its own from another writer's: a store failure like any
            // other, so the partition retries it within gcs.max.outage.ms, or stops at once on a 403.
            throw new IOException("gs://" + info.getBucket() + "/" + info.getName() + " exists, and reading it to compare "
                    + "it with this file failed: " + e.getCode() + " " + e.getMessage()
                    + (e.getCode() == FORBIDDEN ? " (the sink's account needs storage.objects.get, e.g. roles/storage.objectUser)" : ""), e);
        }
        String ours = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        if (existing == null || existing.getSize() != size || !ours.equals(existing.getCrc32c())) {
            throw new ObjectConflictException(info.getBucket(), info.getName(), existing == null ? -1 : existing.getSize(), size);
        }
        String uploadId = info.getMetadata() == null ? null : info.getMetadata().get(UPLOAD_ID);
        ownObject = uploadId != null && existing.getMetadata() != null && uploadId.equals(existing.getMetadata().get(UPLOAD_ID));
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(needed, buffer.length * 2)));
        }
    }
}
