package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.sink.SinkRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the records of one file. */
public interface RecordWriter extends Closeable {
    /**
     * Appends the record's value. A record that this format cannot encode fails with a
     * {@link org.apache.kafka.connect.errors.DataException} naming the field and the problem, and then nothing of it
     * has reached the file, so the file stays valid and the record can go to a dead-letter queue.
     */
    void write(SinkRecord record) throws IOException;

    /** Bytes held in memory that have not yet reached the output stream (for example Parquet's open row group). */
    long bufferedBytes();

    /** Finishes the file (footer, trailer), flushes it and closes the output stream. */
    @Override
    void close() throws IOException;

    /** A writer that encodes each record straight onto {@code out}, holding nothing back, and closes {@code out}. */
    static RecordWriter streaming(OutputStream out, Encoder encoder) {
        return new RecordWriter() {
            @Override
            public void write(SinkRecord record) throws IOException {
                encoder.encode(record, out);
            }

            @Override
            public long bufferedBytes() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Writes one record onto a stream; see {@link #write} for records it cannot encode. */
    @FunctionalInterface
    interface Encoder {
        void encode(SinkRecord record, OutputStream out) throws IOException;
    }
}
