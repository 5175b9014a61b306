package io.fleetml.connect.gcs.format;

import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import org.apache.avro.file.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.util.List;
import java.util.Map;

/** The formats and compressions the sink can write, and the factory that builds one from settings. */
public final class RecordFormats {
    public static final String NONE = "none";
    /** Valid compressions per format; the first is the default. */
    public static final Map<String, List<String>> COMPRESSIONS = Map.of(
            "parquet", List.of("snappy", "zstd", "gzip", NONE),
            "jsonl", List.of(NONE, "gzip"),
            "json", List.of(NONE, "gzip"),
            "avro", List.of(NONE, "snappy", "deflate", "zstd"),
            "tfrecord", List.of(NONE),
            "csv", List.of(NONE, "gzip"),
            "bytearray", List.of(NONE));

    private RecordFormats() {
    }

    /** Throws IllegalArgumentException naming the format and compression when the pair is not supported. */
    public static RecordFormat create(String format, String compression, FormatOptions options) {
        List<String> valid = COMPRESSIONS.get(format);
        if (valid == null) {
            throw new IllegalArgumentException("unknown format '" + format + "'; one of " + COMPRESSIONS.keySet());
        }
        String codec = compression == null || compression.isBlank() ? valid.get(0) : compression.trim().toLowerCase();
        if (!valid.contains(codec)) {
            throw new IllegalArgumentException("format " + format + " cannot use compression '" + compression + "'; one of " + valid);
        }
        boolean gzip = "gzip".equals(codec);
        return switch (format) {
            case "parquet" -> new ParquetFormat(parquetCodec(codec), options);
            case "jsonl" -> new JsonLinesFormat(gzip ? Extension.JSONL_GZIP : Extension.JSONL, gzip);
            case "json" -> new JsonLinesFormat(gzip ? Extension.JSON_GZIP : Extension.JSON, gzip);
            case "avro" -> new AvroFormat(avroCodec(codec), options);
            case "tfrecord" -> new TfRecordFormat();
            case "bytearray" -> new ByteArrayFormat(options.byteArraySeparator(), options.byteArrayExtension());
            default -> new CsvFormat(gzip, options.csvHeader());
        };
    }

    private static CompressionCodecName parquetCodec(String codec) {
        return NONE.equals(codec) ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.valueOf(codec.toUpperCase());
    }

    private static CodecFactory avroCodec(String codec) {
        return switch (codec) {
            case "snappy" -> CodecFactory.snappyCodec();
            case "deflate" -> CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
            case "zstd" -> CodecFactory.zstandardCodec(CodecFactory.DEFAULT_ZSTANDARD_LEVEL);
            default -> CodecFactory.nullCodec();
        };
    }
}
