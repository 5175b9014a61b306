package io.fleetml.connect.gcs;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;

/**
 * The Content-Type stored with each object, from its file extension: every extension of the layout has one, and raw
 * bytes under an extension of the user's are application/octet-stream.
 */
final class ContentTypes {
    private static final String RAW = "application/octet-stream";

    private ContentTypes() {
    }

    /** {@code extension} as a format names it, without the leading dot. */
    static String of(String extension) {
        return Extension.of("." + extension).map(ContentTypes::of).orElse(RAW);
    }

    private static String of(Extension extension) {
        return switch (extension) {
            case JSONL_GZIP, JSON_GZIP, CSV_GZIP -> "application/gzip";
            case PARQUET -> "application/vnd.apache.parquet";
            case JSONL, JSON -> "application/x-ndjson";
            case AVRO -> "application/avro";
            case CSV -> "text/csv";
            case TFRECORD -> RAW;
        };
    }
}
