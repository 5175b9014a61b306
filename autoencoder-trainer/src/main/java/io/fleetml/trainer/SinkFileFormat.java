package io.fleetml.trainer;

import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.connect.common.layout.TrainingDataLayout.Companion;
import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The formats of the GCS sink that the trainer reads, chosen by the file name's {@link Extension} as the sink names
 * its objects. The sink's Avro and CSV formats are not read: Avro is for other tools, and CSV has lost the types.
 * JSON lines are read under both their names: the sink's own ({@code .jsonl}) and the one of Confluent's JsonFormat
 * ({@code .json}), which the sink gives them when a config written for Confluent's sink asks for that format. The keys'
 * and headers' objects the sink may write beside the values are never read.
 */
enum SinkFileFormat {
    JSONL(Extension.JSONL, Extension.JSON),
    JSONL_GZIP(Extension.JSONL_GZIP, Extension.JSON_GZIP),
    PARQUET(Extension.PARQUET),
    TFRECORD(Extension.TFRECORD);

    /** The sink's own extensions read, for messages: {@code .jsonl, .jsonl.gz, .parquet or .tfrecord}. */
    static final String EXTENSIONS = extensions();

    private static final int BUFFER = 64 * 1024;
    private static final Set<Extension> CONFLUENT_JSON = EnumSet.of(Extension.JSON, Extension.JSON_GZIP);

    private final List<Extension> extensions;

    SinkFileFormat(Extension... extensions) {
        this.extensions = List.of(extensions);
    }

    /**
     * The format of a file named {@code name}, or empty when the trainer does not read that kind of file;
     * {@code fileDelimiter} is the sink's {@code file.delim}, which tells its {@code .json} objects from other JSON files.
     */
    static Optional<SinkFileFormat> of(String name, String fileDelimiter) {
        if (Companion.of(name).isPresent()) {
            // Keys and headers the sink stored beside the values, in any format: no records to train on.
            return Optional.empty();
        }
        return Extension.of(name)
                // .json is every JSON document's extension, the model metadata's among them: only a file named as the
                // sink names its objects holds records.
                .filter(extension -> !CONFLUENT_JSON.contains(extension) || TrainingDataLayout.parse(name, fileDelimiter).isPresent())
                .flatMap(extension -> Arrays.stream(values()).filter(format -> format.extensions.contains(extension)).findFirst());
    }

    private static String extensions() {
        String all = Arrays.stream(values()).map(format -> "." + format.extensions.get(0).text()).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
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
