package io.fleetml.connect.gcs.format;

/**
 * Settings a file format may need: the declared Avro schema for schemaless records (may be null), Parquet's row group
 * and page sizes, whether CSV files start with a header row, and for raw bytes the separator written after each
 * record and the extension of the objects (without the leading dot).
 */
public record FormatOptions(String avroSchemaJson, int parquetRowGroupBytes, int parquetPageBytes, boolean csvHeader,
                            String byteArraySeparator, String byteArrayExtension) {
    /** A line feed: Confluent's default, System.lineSeparator(), on the Linux workers its sink runs on. */
    public static final String BYTEARRAY_SEPARATOR = "\n";
    /** Confluent's default extension of raw bytes, without the leading dot. */
    public static final String BYTEARRAY_EXTENSION = "bin";

    /** These options, with raw bytes written as Confluent's ByteArrayFormat writes them by default. */
    public FormatOptions(String avroSchemaJson, int parquetRowGroupBytes, int parquetPageBytes, boolean csvHeader) {
        this(avroSchemaJson, parquetRowGroupBytes, parquetPageBytes, csvHeader, BYTEARRAY_SEPARATOR, BYTEARRAY_EXTENSION);
    }
}
