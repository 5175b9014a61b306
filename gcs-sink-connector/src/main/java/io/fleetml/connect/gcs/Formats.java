package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import org.apache.kafka.common.config.ConfigException;

/** Builds the configured file format, turning an impossible format/compression pair into an error on that setting. */
final class Formats {
    private static final int PARQUET_PAGE_BYTES = 64 * 1024;

    private Formats() {
    }

    static RecordFormat of(GcsSinkConfig config) {
        try {
            return RecordFormats.create(config.format(), config.compression(),
                    new FormatOptions(config.avroSchema(), config.parquetRowGroupBytes(), PARQUET_PAGE_BYTES, true));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(GcsSinkConfig.COMPRESSION_CONFIG, config.compression(), e.getMessage());
        }
    }
}
