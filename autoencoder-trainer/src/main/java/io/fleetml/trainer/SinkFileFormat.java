package io.fleetml.trainer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The formats of the GCS sink that the trainer reads, chosen by the file name's extension as the sink names its
 * objects. The sink's Avro and CSV formats are not read: Avro is for other tools, and CSV has lost the types.
 */
enum SinkFileFormat {
    JSONL("jsonl"),
    JSONL_GZIP("jsonl.gz"),
    PARQUET("parquet"),
    TFRECORD("tfrecord");

    /** The extensions read, for messages. */
    static final String EXTENSIONS = ".jsonl, .jsonl.gz, .parquet or .tfrecord";

    private static final int BUFFER = 64 * 1024;

    private final String extension;

    SinkFileFormat(String extension) {
        this.extension = extension;
    }

    /** The format of a file named {@code name}, or empty when the trainer does not read that kind of file. */
    static Optional<SinkFileFormat> of(String name) {
        for (SinkFileFormat format : values()) {
            if (name.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * Hands each record value of {@code file} to {@code records} in file order, as the Java values a schemaless
     * Connect record would have: maps for nested objects, strings, numbers, booleans, lists, and null for a tombstone.
     */
    void read(SinkFile file, Consumer<Object> records) throws IOException {
        switch (this) {
            case JSONL -> {
                try (InputStream in = file.open()) {
                    JsonLinesRecords.read(in, records);
                }
            }
            case JSONL_GZIP -> {
                try (InputStream in = new GZIPInputStream(file.open(), BUFFER)) {
                    JsonLinesRecords.read(in, records);
                }
            }
            case PARQUET -> file.withLocalCopy(copy -> ParquetRecords.read(copy, records));
            case TFRECORD -> {
                try (InputStream in = new BufferedInputStream(file.open(), BUFFER)) {
                    TfRecordFrames.read(in, (number, data) -> records.accept(ExampleValues.toRecord(number, data)));
                }
            }
        }
    }
}
