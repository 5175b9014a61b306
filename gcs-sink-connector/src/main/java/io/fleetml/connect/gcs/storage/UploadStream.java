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
 * <p>An existing object (HTTP 412) is accepted when it holds exactly these bytes, which is what a replay after a crash
 * produces; the CRC32C of the stream is kept for that comparison.
 */
public final class UploadStream extends OutputStream {
    private static final int PRECONDITION_FAILED = 412;
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

    /** An object of this name existed (exclusive uploads only); once closed, it is known to hold exactly these bytes. */
    public boolean alreadyExisted() {
        return alreadyExists;
    }

    /** Finishes the object. Throws {@link ObjectConflictException} if a different object of this name exists. */
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
        if (e.getCode() == PRECONDITION_FAILED && exclusive) {
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

    private void verifyExisting() {
        Blob existing = storage.get(info.getBlobId());
        String ours = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        if (existing == null || existing.getSize() != size || !ours.equals(existing.getCrc32c())) {
            throw new ObjectConflictException(info.getBucket(), info.getName(), existing == null ? -1 : existing.getSize(), size);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(needed, buffer.length * 2)));
        }
    }
}
