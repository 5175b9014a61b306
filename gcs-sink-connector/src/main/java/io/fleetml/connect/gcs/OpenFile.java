package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.connect.gcs.storage.UploadStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One file being written: the values' object and, when the sink stores them, the keys' and headers' objects beside
 * it, each with its encoder and the upload its bytes stream into; and how many records they hold.
 */
final class OpenFile {
    /** One object of the file: its encoder, the upload, and the schema its records have ({@code null}: schemaless). */
    record Output(String name, Schema schema, UploadStream upload, RecordWriter writer, boolean schemaBound) {
        long bytes() {
            return upload.size() + writer.bufferedBytes();
        }

        long bufferedBytes() {
            return upload.bufferedBytes() + writer.bufferedBytes();
        }

        void finish() throws IOException {
            writer.close();
            upload.close();
        }

        void countIn(SinkMetrics metrics, int records) {
            if (upload.outcome() == UploadStream.Outcome.ALREADY_PRESENT) {
                metrics.objectAlreadyPresent();
            } else {
                metrics.objectWritten(records, upload.size());
            }
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

    /** A record's value is in the values' object but one of its parts could not follow it into its own object. */
    static final class OutOfLine extends ConnectException {
        OutOfLine(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Output value;
    private final List<Output> companions;
    private int records;

    /** {@code companions} in the order of the views {@link #write} is given. */
    OpenFile(Output value, List<Output> companions) {
        this.value = value;
        this.companions = companions;
    }

    /**
     * Writes the record's value, then its {@code views} (keys, headers) into their objects. A value the format cannot
     * write fails with a DataException and nothing of the record is written; the views were checked when they were
     * made, so a companion that still fails would leave the objects out of line, which fails the task.
     */
    void write(SinkRecord record, List<SinkRecord> views) throws IOException {
        value.writer().write(record);
        records++;
        for (int i = 0; i < companions.size(); i++) {
            Output companion = companions.get(i);
            try {
                companion.writer().write(views.get(i));
            } catch (DataException e) {
                throw new OutOfLine("the value at " + TopicPartitionWriter.location(record) + " is in " + value.name()
                        + " but could not be written to " + companion.name() + ", which would no longer line up with it: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether the record cannot join this file: its value's schema differs (a tombstone carries none, so it neither
     * starts nor ends a schema's file), or a view's schema differs in an object whose format holds one schema per file.
     */
    boolean needsNewFileFor(SinkRecord record, List<SinkRecord> views) {
        if (record.value() != null && value.schema() != null && !Objects.equals(value.schema(), record.valueSchema())) {
            return true;
        }
        for (int i = 0; i < companions.size(); i++) {
            Output companion = companions.get(i);
            if (companion.schemaBound() && !Objects.equals(companion.schema(), views.get(i).valueSchema())) {
                return true;
            }
        }
        return false;
    }

    long bytes() {
        long total = value.bytes();
        for (Output companion : companions) {
            total += companion.bytes();
        }
        return total;
    }

    long bufferedBytes() {
        long total = value.bufferedBytes();
        for (Output companion : companions) {
            total += companion.bufferedBytes();
        }
        return total;
    }

    /**
     * The uploads that finish this file's objects and make them visible in GCS, one per object so that they can run in
     * parallel. Each returns how to count its object once it is in GCS: as written, or as already present when a replay
     * found it there with these bytes and left it; the records count with the values' object.
     */
    List<Callable<Runnable>> commits(SinkMetrics metrics) {
        List<Callable<Runnable>> commits = new ArrayList<>(1 + companions.size());
        commits.add(() -> {
            value.finish();
            return () -> value.countIn(metrics, records);
        });
        for (Output companion : companions) {
            commits.add(() -> {
                companion.finish();
                return () -> companion.countIn(metrics, 0);
            });
        }
        return commits;
    }

    void abort() {
        value.abort();
        companions.forEach(Output::abort);
    }
}
