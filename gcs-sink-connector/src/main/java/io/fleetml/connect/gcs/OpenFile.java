package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.connect.gcs.storage.UploadStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** One file being written: its encoder, the upload its bytes stream into, and how many records it holds. */
final class OpenFile {
    final String name;
    final Schema schema;
    private final UploadStream upload;
    private final RecordWriter writer;
    private int records;

    OpenFile(String name, Schema schema, UploadStream upload, RecordWriter writer) {
        this.name = name;
        this.schema = schema;
        this.upload = upload;
        this.writer = writer;
    }

    void write(SinkRecord record) throws IOException {
        writer.write(record);
        records++;
    }

    int records() {
        return records;
    }

    /** After {@link #commit}: a replay found the object already in GCS with these bytes and left it. */
    boolean alreadyPresent() {
        return upload.outcome() == UploadStream.Outcome.ALREADY_PRESENT;
    }

    long bytes() {
        return upload.size() + writer.bufferedBytes();
    }

    long bufferedBytes() {
        return upload.bufferedBytes() + writer.bufferedBytes();
    }

    /** Finishes the encoding and makes the object visible in GCS; returns the object's size. */
    long commit() throws IOException {
        writer.close();
        upload.close();
        return upload.size();
    }

    void abort() {
        upload.abort();
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // The upload is already abandoned; finishing the encoder only releases its memory.
        }
    }
}
