package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.common.config.EnumSetting;
import io.fleetml.connect.common.config.InvalidSetting;

/** Builds the configured file format, turning an impossible format/compression pair into an error on that setting. */
final class Formats {
    private static final int PARQUET_PAGE_BYTES = 64 * 1024;

    private Formats() {
    }

    /**
     * The format of the keys' or headers' objects: their codec is format.compression where their format offers it (as
     * gzip for JSON), else their format's default; they need no declared schema, as their schema is always known.
     */
    static RecordFormat of(GcsSinkConfig config, GcsSinkConfig.PartFormat part) {
        String format = EnumSetting.valueOf(part);
        String compression = config.compression() == null ? "" : config.compression().trim().toLowerCase();
        boolean offered = RecordFormats.COMPRESSIONS.get(format).contains(compression);
        return RecordFormats.create(format, offered ? compression : null, options(config, null));
    }

    static RecordFormat of(GcsSinkConfig config) {
        try {
            return RecordFormats.create(EnumSetting.valueOf(config.format()), config.compression(),
                    options(config, config.avroSchema()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(GcsSinkConfig.COMPRESSION_CONFIG, config.compression(), e.getMessage());
        }
    }

    private static FormatOptions options(GcsSinkConfig config, String avroSchema) {
        return new FormatOptions(avroSchema, config.parquetRowGroupBytes(), PARQUET_PAGE_BYTES, true, config.byteArraySeparator(),
                config.byteArrayExtension());
    }
}
