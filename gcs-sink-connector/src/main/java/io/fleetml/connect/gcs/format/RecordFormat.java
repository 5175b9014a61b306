package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.data.Schema;

import java.io.OutputStream;

/** A file format of the training data, such as Parquet or JSON lines: how a file of records is encoded. */
public interface RecordFormat {
    /**
     * The object name extension, without the leading dot: one of the training data layout's ({@code jsonl.gz}), or for
     * raw bytes, which the trainer does not read, the one the settings choose ({@code bin}).
     */
    String extension();

    /**
     * Starts a file whose records all have the value schema {@code schema} ({@code null} for schemaless records). The
     * writer streams the encoded file into {@code out} as it goes and closes it when the file is finished.
     */
    RecordWriter newWriter(OutputStream out, Schema schema);
}
