package io.fleetml.connect.gcs.format;

/**
 * Settings a file format may need: the declared Avro schema for schemaless records (may be null), Parquet's row group
 * and page sizes, and whether CSV files start with a header row.
 */
public record FormatOptions(String avroSchemaJson, int parquetRowGroupBytes, int parquetPageBytes, boolean csvHeader) {
}
