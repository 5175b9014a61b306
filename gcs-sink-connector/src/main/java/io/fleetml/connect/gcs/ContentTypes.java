package io.fleetml.connect.gcs;

/** The Content-Type stored with each object, from its file extension. */
final class ContentTypes {
    private ContentTypes() {
    }

    static String of(String extension) {
        if (extension.endsWith(".gz")) {
            return "application/gzip";
        }
        return switch (extension) {
            case "parquet" -> "application/vnd.apache.parquet";
            case "jsonl" -> "application/x-ndjson";
            case "avro" -> "application/avro";
            case "csv" -> "text/csv";
            default -> "application/octet-stream";
        };
    }
}
