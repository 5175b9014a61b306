package io.fleetml.connect.gcs;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;
import io.fleetml.connect.common.config.CrossSettingRule;
import io.fleetml.connect.common.config.EnumSetting;
import io.fleetml.connect.common.config.ForeignSetting;
import io.fleetml.connect.common.config.ForeignSetting.Choice.Option;
import io.fleetml.connect.common.config.ForeignSetting.Conversion;
import io.fleetml.connect.common.config.ForeignSettings;
import io.fleetml.connect.common.gcp.GcsSettings;
import io.fleetml.connect.common.layout.TrainingDataLayout;
import io.fleetml.connect.common.layout.TrainingDataLayout.Extension;
import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.partition.PathFormat;
import io.fleetml.connect.gcs.partition.TimestampSource;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Settings of the GCS sink. Names follow Confluent's storage sinks where the feature is the same, so users can migrate. */
public final class GcsSinkConfig extends AbstractConfig {
    public static final String BUCKET_CONFIG = "gcs.bucket.name";
    public static final String TOPICS_DIR_CONFIG = "topics.dir";
    public static final String OFFSET_WIDTH_CONFIG = "filename.offset.zero.pad.width";
    public static final String FILE_DELIMITER_CONFIG = "file.delim";
    public static final String PART_SIZE_CONFIG = "gcs.part.size";
    public static final String RETRY_BACKOFF_CONFIG = GcsSettings.RETRY_BACKOFF_CONFIG;
    public static final String UPLOAD_THREADS_CONFIG = "gcs.upload.threads";

    public static final String FORMAT_CONFIG = "format";
    public static final String COMPRESSION_CONFIG = "format.compression";
    public static final String AVRO_SCHEMA_CONFIG = "format.avro.schema";
    public static final String PARQUET_ROW_GROUP_CONFIG = "parquet.row.group.bytes";
    public static final String BYTEARRAY_SEPARATOR_CONFIG = "format.bytearray.separator";
    public static final String BYTEARRAY_EXTENSION_CONFIG = "format.bytearray.extension";

    public static final String STORE_KEYS_CONFIG = "store.kafka.keys";
    public static final String STORE_HEADERS_CONFIG = "store.kafka.headers";
    public static final String KEYS_FORMAT_CONFIG = "keys.format";
    public static final String HEADERS_FORMAT_CONFIG = "headers.format";

    public static final String PARTITIONER_CONFIG = "partitioner";
    public static final String PARTITION_FIELD_CONFIG = "partition.field.name";
    public static final String PATH_FORMAT_CONFIG = "path.format";
    public static final String PARTITION_DURATION_CONFIG = "partition.duration.ms";
    public static final String TIMEZONE_CONFIG = "timezone";
    public static final String LOCALE_CONFIG = "locale";
    public static final String TIMESTAMP_EXTRACTOR_CONFIG = "timestamp.extractor";
    public static final String TIMESTAMP_FIELD_CONFIG = "timestamp.field";
    public static final String FIELD_SYNTAX_VERSION_CONFIG = FieldSyntax.FIELD_SYNTAX_VERSION_CONFIG;

    public static final String FLUSH_SIZE_CONFIG = "flush.size";
    public static final String FILE_MAX_BYTES_CONFIG = "file.max.bytes";
    public static final String ROTATE_INTERVAL_CONFIG = "rotate.interval.ms";
    public static final String ROTATE_SCHEDULE_INTERVAL_CONFIG = "rotate.schedule.interval.ms";

    public static final String NULL_VALUES_CONFIG = "behavior.on.null.values";
    public static final String MEMORY_CONFIG = "task.memory.max.bytes";
    public static final String MAX_OUTAGE_CONFIG = "gcs.max.outage.ms";

    public static final String DEDUP_HEADER_CONFIG = "dedup.header";
    public static final String DEDUP_FIELDS_CONFIG = "dedup.fields";
    public static final String DEDUP_WINDOW_CONFIG = "dedup.window.records";

    /** The file formats, named as the format setting names them. */
    public enum FileFormat {
        PARQUET, JSONL, JSON, AVRO, TFRECORD, CSV, BYTEARRAY;

        /** Whether a tombstone can be written, as a {@code null} line. */
        boolean writesNull() {
            return this == JSONL || this == JSON;
        }
    }

    /** The formats of the objects holding records' keys or headers beside their values, as Confluent's sinks offer them. */
    public enum PartFormat {
        AVRO, PARQUET, JSON, BYTEARRAY;

        /** Whether an object holds records of one schema only, so a record of another starts new objects. */
        boolean schemaBound() {
            return this == AVRO || this == PARQUET;
        }
    }

    /** How records are laid out in directories. */
    public enum PartitionerType {
        DEFAULT, FIELD, TIME
    }

    /** What happens to a tombstone. */
    public enum NullValueBehavior {
        IGNORE, FAIL, WRITE
    }

    static final int UPLOAD_GRANULE = 256 * 1024;

    private static final String GROUP_GCS = "GCS";
    private static final String GROUP_FORMAT = "Format";
    private static final String GROUP_KEYS_HEADERS = "Keys and headers";
    private static final String GROUP_PARTITIONER = "Partitioner";
    private static final String GROUP_ROTATION = "Rotation";
    private static final String GROUP_ERRORS = "Errors and memory";
    private static final String GROUP_DEDUP = "Deduplication";

    /** Why validate marks both identity settings when both are set: either one is the setting to remove. */
    static final String DEDUP_CONFLICT = DEDUP_HEADER_CONFIG + " and " + DEDUP_FIELDS_CONFIG + " are two ways to name a "
            + "message's identity; set only one of them";

    private static final EnumSetting<FileFormat> FORMATS = EnumSetting.of(FileFormat.class);
    private static final EnumSetting<PartFormat> PART_FORMATS = EnumSetting.of(PartFormat.class);
    /** Headers are a list of key and value pairs, which bytearray (bytes only) cannot write. */
    private static final EnumSetting<PartFormat> HEADERS_FORMATS =
            EnumSetting.of(EnumSet.of(PartFormat.AVRO, PartFormat.PARQUET, PartFormat.JSON));
    private static final EnumSetting<PartitionerType> PARTITIONERS = EnumSetting.of(PartitionerType.class);
    private static final EnumSetting<TimestampSource> TIMESTAMP_SOURCES = EnumSetting.of(TimestampSource.class);
    private static final EnumSetting<NullValueBehavior> NULL_BEHAVIORS = EnumSetting.of(NullValueBehavior.class);
    private static final ConfigDef.Validator PART_SIZE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null || (Integer) value <= 0 || (Integer) value % UPLOAD_GRANULE != 0) {
            throw new ConfigException(name, value, "must be a positive multiple of " + UPLOAD_GRANULE);
        }
    }, () -> "a multiple of " + UPLOAD_GRANULE);
    private static final ConfigDef.Validator PATH_FORMAT = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            PathFormat.formatter((String) value, Locale.ROOT);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(name, value, "not a date-time pattern: " + e.getMessage());
        }
    }, () -> "a date-time pattern: Joda-Time's, as Confluent's sinks document it, or java.time's (the letters the two share)");
    private static final ConfigDef.Validator AVRO_RECORD_SCHEMA = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null) {
            return;
        }
        org.apache.avro.Schema schema;
        try {
            schema = new org.apache.avro.Schema.Parser().parse((String) value);
        } catch (RuntimeException e) {
            throw new ConfigException(name, "(schema not shown)", "not an Avro schema: " + e.getMessage());
        }
        if (schema.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new ConfigException(name, "(schema not shown)", "must be an Avro record schema, found " + schema.getType());
        }
    }, () -> "an Avro record schema in JSON");
    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final ConfigDef.Validator BYTEARRAY_EXTENSION = ConfigDef.LambdaValidator.with((name, value) -> {
        String extension = (String) value;
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new ConfigException(name, value, "must be '.' followed by letters, digits, '_', '-' and further dots, "
                    + "as in Confluent's default .bin");
        }
        Extension.of(extension).ifPresent(taken -> {
            throw new ConfigException(name, value, "names the sink's " + taken.text() + " files, which the trainer reads "
                    + "as such; choose another extension for raw bytes");
        });
    }, () -> "'.' and letters, digits, '_', '-' or '.', not an extension of the sink's other formats");
    private static final ConfigDef.Validator FILE_DELIMITER = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            TrainingDataLayout.checkFileDelimiter((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }, () -> "text without digits or '/'");
    private static final ConfigDef.Validator ZONE = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            ZoneId.of((String) value);
        } catch (RuntimeException e) {
            throw new ConfigException(name, value, "not a time zone id");
        }
    }, () -> "a time zone id such as UTC or Europe/Berlin");

    private static final List<CrossSettingRule<GcsSinkConfig>> RULES = List.of(
            CrossSettingRule.of(PARTITION_FIELD_CONFIG,
                    config -> config.partitioner() == PartitionerType.FIELD && config.partitionFields().isEmpty(),
                    "partitioner=field needs at least one field"),
            CrossSettingRule.of(TIMESTAMP_FIELD_CONFIG,
                    config -> config.timestampSource() == TimestampSource.RECORD_FIELD && config.timestampField() == null,
                    "timestamp.extractor=RecordField needs the field that holds the time"),
            new CrossSettingRule<>(NULL_VALUES_CONFIG,
                    config -> config.nullValues() == NullValueBehavior.WRITE && !config.format().writesNull(),
                    config -> "only jsonl and json can write a null value; use ignore or fail with "
                            + EnumSetting.valueOf(config.format())),
            // dedupFields() parses the paths, so a malformed one fails validation here, not every task at start.
            CrossSettingRule.of(DEDUP_FIELDS_CONFIG,
                    config -> identitiesConflict(config.dedupHeader(), config.dedupFields()), DEDUP_CONFLICT));

    /** Confluent's partitioners with a fixed layout, as storage-common builds them: Joda patterns, floored to an hour or a day. */
    static final String CONFLUENT_HOURLY_PATH = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";
    static final String CONFLUENT_DAILY_PATH = "'year'=YYYY/'month'=MM/'day'=dd";
    private static final String CONFLUENT_FORMATS = "io.confluent.connect.gcs.format.";
    private static final String CONFLUENT_PARTITIONERS = "io.confluent.connect.storage.partitioner.";

    /**
     * The keys of Confluent's GCS sink ({@code io.confluent.connect.gcs.GcsSinkConnector}) that this sink does not
     * share by name; those it shares (gcs.bucket.name, flush.size, rotate.interval.ms, rotate.schedule.interval.ms,
     * topics.dir, path.format, partition.field.name, partition.duration.ms, timezone, locale, timestamp.extractor,
     * timestamp.field, behavior.on.null.values, gcs.credentials.path and .json, gcs.part.size) mean the same already.
     * Keys are applied in this order, so the codecs see the format that format.class chose. A config that names a
     * format or partitioner class was written for Confluent's sink and must set the shared settings whose defaults differ.
     */
    static final ForeignSettings CONFLUENT = new ForeignSettings("Confluent's GCS sink", "Confluent's GCS sink settings", List.of(
            ForeignSetting.choice("format.class", FORMAT_CONFIG, Map.of(
                    CONFLUENT_FORMATS + "avro.AvroFormat", Option.of("avro"),
                    CONFLUENT_FORMATS + "json.JsonFormat", Option.of("json"),
                    CONFLUENT_FORMATS + "parquet.ParquetFormat", Option.of("parquet"),
                    CONFLUENT_FORMATS + "bytearray.ByteArrayFormat", Option.of("bytearray")),
                    "this sink writes Confluent's AvroFormat, JsonFormat, ParquetFormat and ByteArrayFormat (and its own "
                            + "jsonl, tfrecord and csv, set with format); other classes are not offered"),
            ForeignSetting.choice("partitioner.class", PARTITIONER_CONFIG, Map.of(
                    CONFLUENT_PARTITIONERS + "DefaultPartitioner", Option.of("default"),
                    CONFLUENT_PARTITIONERS + "FieldPartitioner", Option.of("field"),
                    CONFLUENT_PARTITIONERS + "TimeBasedPartitioner", Option.of("time"),
                    CONFLUENT_PARTITIONERS + "HourlyPartitioner", Option.of("time",
                            PATH_FORMAT_CONFIG, CONFLUENT_HOURLY_PATH, PARTITION_DURATION_CONFIG, "3600000"),
                    CONFLUENT_PARTITIONERS + "DailyPartitioner", Option.of("time",
                            PATH_FORMAT_CONFIG, CONFLUENT_DAILY_PATH, PARTITION_DURATION_CONFIG, "86400000")),
                    "this sink lays out directories as Confluent's DefaultPartitioner, FieldPartitioner, "
                            + "TimeBasedPartitioner, HourlyPartitioner and DailyPartitioner do; other classes are not offered"),
            ForeignSetting.choice("avro.codec", COMPRESSION_CONFIG, Map.of(
                    "null", Option.of("none"), "deflate", Option.of("deflate"), "snappy", Option.of("snappy")),
                    "this sink's Avro files are compressed with snappy, deflate or zstd (format.compression)")
                    .onlyWhen(FORMAT_CONFIG, "avro", false),
            ForeignSetting.choice("parquet.codec", COMPRESSION_CONFIG, Map.of(
                    "none", Option.of("none"), "uncompressed", Option.of("none"), "snappy", Option.of("snappy"),
                    "gzip", Option.of("gzip"), "zstd", Option.of("zstd")),
                    "this sink's Parquet files are compressed with snappy, zstd or gzip (format.compression)")
                    .onlyWhen(FORMAT_CONFIG, "parquet", true),
            ForeignSetting.choice("gcs.compression.type", COMPRESSION_CONFIG, Map.of(
                    "none", Option.of("none"), "gzip", Option.of("gzip")),
                    "JSON files are written plain or gzipped")
                    .onlyWhen(FORMAT_CONFIG, List.of("json", "jsonl"), false),
            ForeignSetting.alias("retry.backoff.ms", RETRY_BACKOFF_CONFIG, Conversion.SAME),
            ForeignSetting.acceptedWhen("schema.compatibility", Set.of("none"), "a schema change always starts new files, "
                    + "as Confluent's NONE; records are never projected to another schema. Remove the setting"),
            ForeignSetting.acceptedWhen("storage.class", Set.of("io.confluent.connect.gcs.storage.gcsstorage"),
                    "this sink always writes to GCS; remove the setting"),
            ForeignSetting.acceptedWhen("connect.meta.data", Set.of("false"), "the Avro and Parquet schemas carry no Connect "
                    + "metadata (connect.name, connect.version, connect.doc, connect.parameters); remove the setting"),
            ForeignSetting.acceptedWhen("enhanced.avro.schema.support", Set.of("false"), "Connect enum symbols and schema "
                    + "package names are not kept in the Avro and Parquet schemas; remove the setting"),
            ForeignSetting.acceptedWhen("directory.delim", Set.of("/"), "GCS shows '/' as the folder separator, and the "
                    + "trainer reads directories by it; remove the setting"),
            ForeignSetting.choice("keys.format.class", KEYS_FORMAT_CONFIG, Map.of(
                    CONFLUENT_FORMATS + "avro.AvroFormat", Option.of("avro"),
                    CONFLUENT_FORMATS + "json.JsonFormat", Option.of("json"),
                    CONFLUENT_FORMATS + "parquet.ParquetFormat", Option.of("parquet"),
                    CONFLUENT_FORMATS + "bytearray.ByteArrayFormat", Option.of("bytearray")),
                    "keys are written as Confluent's AvroFormat, JsonFormat, ParquetFormat and ByteArrayFormat write them; "
                            + "other classes are not offered"),
            ForeignSetting.choice("headers.format.class", HEADERS_FORMAT_CONFIG, Map.of(
                    CONFLUENT_FORMATS + "avro.AvroFormat", Option.of("avro"),
                    CONFLUENT_FORMATS + "json.JsonFormat", Option.of("json"),
                    CONFLUENT_FORMATS + "parquet.ParquetFormat", Option.of("parquet")),
                    "headers are written as Confluent's AvroFormat, JsonFormat and ParquetFormat write them; other classes "
                            + "are not offered"),
            ForeignSetting.notNeeded("schema.cache.size", "each Connect schema is converted once while it is in use"),
            ForeignSetting.notNeeded("confluent.license", "no licence is needed"),
            ForeignSetting.notNeeded("confluent.topic", "no licence topic is used"),
            ForeignSetting.notNeeded("confluent.topic.bootstrap.servers", "no licence topic is used"),
            ForeignSetting.notNeeded("confluent.topic.replication.factor", "no licence topic is used")))
            .withDifferentDefaults(List.of("format.class", "partitioner.class"), List.of(
                    new ForeignSettings.DifferentDefault(NULL_VALUES_CONFIG, "fail", "ignore"),
                    new ForeignSettings.DifferentDefault(OFFSET_WIDTH_CONFIG, "10", String.valueOf(TrainingDataLayout.DEFAULT_OFFSET_WIDTH))));

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(BUCKET_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Bucket the training files are written to.", GROUP_GCS, 1, Width.MEDIUM, "Bucket")
                .define(TOPICS_DIR_CONFIG, Type.STRING, "topics", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Top-level prefix of the objects: <topics.dir>/<topic>/<partition path>/<topic>+<kafka partition>+<start offset>.<ext>.",
                        GROUP_GCS, 2, Width.MEDIUM, "Topics directory")
                .define(OFFSET_WIDTH_CONFIG, Type.INT, TrainingDataLayout.DEFAULT_OFFSET_WIDTH, ConfigDef.Range.between(1, 20),
                        Importance.LOW,
                        "Digits the start offset in an object's name is zero-padded to. 20 (more than the largest offset has) "
                                + "keeps names sorted by offset; Confluent's GCS sink defaults to 10, which sorts only while "
                                + "offsets stay below 10^10, so a config that sets format.class or partitioner.class must set "
                                + "this explicitly. The trainer reads names of any width.",
                        GROUP_GCS, 11, Width.SHORT, "Offset width in object names")
                .define(FILE_DELIMITER_CONFIG, Type.STRING, TrainingDataLayout.DEFAULT_FILE_DELIMITER, FILE_DELIMITER,
                        Importance.LOW,
                        "What joins topic, Kafka partition and start offset in object names, as in Confluent's sinks: "
                                + "<topic>+<partition>+<start offset>.<ext> by default. Kafka topic names cannot hold '+', so "
                                + "the default always reads back; another delimiter also does, as partition and offset are the "
                                + "last two parts. The trainer reads names made with another one when given --file-delim.",
                        GROUP_GCS, 12, Width.SHORT, "File name delimiter")
                .define(PART_SIZE_CONFIG, Type.INT, 1024 * 1024, PART_SIZE, Importance.LOW,
                        "A file is uploaded in one request while it is smaller than this; a larger one streams to GCS in "
                                + "resumable-upload parts of this size, so a file never needs more memory than one part. A multiple of 256 KiB.",
                        GROUP_GCS, 7, Width.SHORT, "Upload part size")
                .define(UPLOAD_THREADS_CONFIG, Type.INT, 8, ConfigDef.Range.between(1, 64), Importance.LOW,
                        "Uploads a task finishes in parallel when it commits a partition's files (one per directory).",
                        GROUP_GCS, 10, Width.SHORT, "Upload threads")

                .define(FORMAT_CONFIG, Type.STRING, "parquet", FORMATS.validator(), Importance.HIGH,
                        "File format: parquet, jsonl (one JSON value per line), json (the same, in objects named .json as "
                                + "Confluent's JsonFormat names them), avro (container file), tfrecord (tf.train.Example "
                                + "records, readable by TensorFlow's TFRecordDataset), csv (with a header row) or bytearray "
                                + "(each value's bytes as they are, followed by " + BYTEARRAY_SEPARATOR_CONFIG + ", as "
                                + "Confluent's ByteArrayFormat writes them; values must be bytes, as ByteArrayConverter gives them).",
                        GROUP_FORMAT, 1, Width.SHORT, "Format", FORMATS.recommender())
                .define(COMPRESSION_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "Compression: parquet snappy (default) | zstd | gzip | none; jsonl, json and csv gzip | none (default); "
                                + "avro snappy | deflate | zstd | none (default); tfrecord and bytearray none.",
                        GROUP_FORMAT, 2, Width.SHORT, "Compression")
                .define(AVRO_SCHEMA_CONFIG, Type.STRING, null, AVRO_RECORD_SCHEMA, Importance.MEDIUM,
                        "Avro schema (JSON) for schemaless records written as parquet or avro; records with a Connect schema "
                                + "(Struct values) need none. Without either, such records fail with a message naming this setting.",
                        GROUP_FORMAT, 3, Width.LONG, "Declared schema")
                .define(PARQUET_ROW_GROUP_CONFIG, Type.INT, 4 * 1024 * 1024, ConfigDef.Range.atLeast(64 * 1024), Importance.LOW,
                        "Parquet row group size: each open parquet file holds up to this much in memory.",
                        GROUP_FORMAT, 4, Width.SHORT, "Parquet row group bytes")
                .define(BYTEARRAY_SEPARATOR_CONFIG, Type.STRING, null, Importance.LOW,
                        "Written after each record of format bytearray, as Confluent's ByteArrayFormat does; taken as written, "
                                + "spaces included, and empty to concatenate the values. When unset, a line feed (Confluent's "
                                + "default, the line separator of the Linux workers it runs on). A value holding the separator "
                                + "looks like two records in the object.",
                        GROUP_FORMAT, 5, Width.SHORT, "Bytearray separator")
                .define(BYTEARRAY_EXTENSION_CONFIG, Type.STRING, "." + FormatOptions.BYTEARRAY_EXTENSION, BYTEARRAY_EXTENSION,
                        Importance.LOW,
                        "Extension of the objects of format bytearray, with its leading dot, as Confluent's ByteArrayFormat "
                                + "names them: <topic>+<partition>+<start offset>.bin. The extensions of the other formats are "
                                + "refused, as the trainer would read raw bytes as that format.",
                        GROUP_FORMAT, 6, Width.SHORT, "Bytearray extension")

                .define(STORE_KEYS_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                        "Also store each record's key, in an object beside the values' object named as Confluent's sinks name "
                                + "it: <topic>+<partition>+<start offset>.keys.<ext>, one key per value in the same order, written "
                                + "in keys.format. A record without a key is then a bad record (dead-letter queue, or the task "
                                + "fails naming it), as nothing else would keep the objects in line.",
                        GROUP_KEYS_HEADERS, 1, Width.SHORT, "Store keys")
                .define(KEYS_FORMAT_CONFIG, Type.STRING, "avro", PART_FORMATS.validator(), Importance.LOW,
                        "Format of the keys' objects (with store.kafka.keys): avro (Confluent's default), parquet, json or "
                                + "bytearray (bytes keys, followed by " + BYTEARRAY_SEPARATOR_CONFIG + "). Avro and Parquet "
                                + "write a key that is not a Struct as a record of one field, key; a key of another schema "
                                + "starts new objects. Compressed with format.compression where the format offers it.",
                        GROUP_KEYS_HEADERS, 2, Width.SHORT, "Keys format", PART_FORMATS.recommender())
                .define(STORE_HEADERS_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                        "Also store each record's headers, in an object beside the values' object: <topic>+<partition>+<start "
                                + "offset>.headers.<ext>, one entry per value in the same order, written in headers.format as "
                                + "a record of one field, headers: the list of {key, value} in the record's order, each value as "
                                + "text. A record without headers is then a bad record.",
                        GROUP_KEYS_HEADERS, 3, Width.SHORT, "Store headers")
                .define(HEADERS_FORMAT_CONFIG, Type.STRING, "avro", HEADERS_FORMATS.validator(), Importance.LOW,
                        "Format of the headers' objects (with store.kafka.headers): avro (Confluent's default), parquet or "
                        + "json; headers are pairs of key and value, which bytearray cannot write.",
                        GROUP_KEYS_HEADERS, 4, Width.SHORT, "Headers format", HEADERS_FORMATS.recommender())

                .define(PARTITIONER_CONFIG, Type.STRING, "default", PARTITIONERS.validator(),
                        Importance.HIGH,
                        "How records are laid out in directories: default (partition=<kafka partition>), field (values of "
                                + "partition.field.name) or time (path.format of the record's time; with partition.field.name also "
                                + "set, the field directories come first, e.g. region=eu/dt=2026-11-24/hour=13).",
                        GROUP_PARTITIONER, 1, Width.SHORT, "Partitioner", PARTITIONERS.recommender())
                .define(PARTITION_FIELD_CONFIG, Type.LIST, List.of(), Importance.MEDIUM,
                        "Fields whose values name the directories, as <field>=<value>; nested paths with field.syntax.version=V2. "
                                + "A record without the field is a bad record (dead-letter queue, or the task fails naming it).",
                        GROUP_PARTITIONER, 2, Width.LONG, "Partition fields")
                .define(PATH_FORMAT_CONFIG, Type.STRING, TrainingDataLayout.DEFAULT_PATH_FORMAT, PATH_FORMAT, Importance.MEDIUM,
                        "Date-time pattern of the time directories, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH. Read as "
                                + "Confluent's storage sinks document it, as a Joda-Time pattern: Y is the calendar year (as y), "
                                + "not java.time's week-based year. Every other letter means the same in Joda-Time and java.time "
                                + "(y M d H h m s S E D a z Z, ...); the letters whose meaning differs or is week-based (x w W e "
                                + "c C u) are refused. Text in single quotes is written as is.",
                        GROUP_PARTITIONER, 3, Width.MEDIUM, "Path format")
                .define(PARTITION_DURATION_CONFIG, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Width of a time directory in milliseconds: a record's time is floored to a multiple of it.",
                        GROUP_PARTITIONER, 4, Width.SHORT, "Partition duration")
                .define(TIMEZONE_CONFIG, Type.STRING, "UTC", ZONE, Importance.LOW,
                        "Time zone of path.format.", GROUP_PARTITIONER, 5, Width.SHORT, "Time zone")
                .define(LOCALE_CONFIG, Type.STRING, "en", Importance.LOW,
                        "Locale of path.format (month and day names).", GROUP_PARTITIONER, 6, Width.SHORT, "Locale")
                .define(TIMESTAMP_EXTRACTOR_CONFIG, Type.STRING, "Record", TIMESTAMP_SOURCES.validator(),
                        Importance.MEDIUM,
                        "Where a record's time comes from, for the time partitioner and rotate.interval.ms: Record (the Kafka "
                                + "timestamp), RecordField (timestamp.field: epoch ms, ISO-8601 text or a Connect Timestamp) or "
                                + "Wallclock (the time of writing; not reproducible, so replays may regroup records).",
                        GROUP_PARTITIONER, 7, Width.SHORT, "Timestamp extractor", TIMESTAMP_SOURCES.recommender())
                .define(TIMESTAMP_FIELD_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "The event-time field for timestamp.extractor=RecordField, e.g. ts.", GROUP_PARTITIONER, 8, Width.MEDIUM, "Timestamp field")
                .define(FIELD_SYNTAX_VERSION_CONFIG, Type.STRING, FieldSyntax.V1.name(),
                        FieldSyntax.VALIDATOR, Importance.LOW,
                        "How partition.field.name, timestamp.field and dedup.fields are read (KIP-821): V1 top-level names, V2 dotted paths.",
                        GROUP_PARTITIONER, 9, Width.SHORT, "Field syntax version")

                .define(FLUSH_SIZE_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Records of a Kafka partition after which its open files are committed to GCS.",
                        GROUP_ROTATION, 1, Width.SHORT, "Flush size")
                .define(FILE_MAX_BYTES_CONFIG, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(1024), Importance.MEDIUM,
                        "Encoded size after which a Kafka partition's open files are committed.", GROUP_ROTATION, 2, Width.SHORT, "File size limit")
                .define(ROTATE_INTERVAL_CONFIG, Type.LONG, -1L, Importance.MEDIUM,
                        "Record-time span of a file: a Kafka partition's files are committed before a record whose time is this "
                                + "much later than the first record's. Also commits an idle partition once the wall clock is past "
                                + "that time. -1 turns it off.",
                        GROUP_ROTATION, 3, Width.SHORT, "Rotate interval")
                .define(ROTATE_SCHEDULE_INTERVAL_CONFIG, Type.LONG, -1L, Importance.LOW,
                        "Commit every open file at this wall-clock interval. Breaks exactly-once (file boundaries then depend "
                                + "on timing); -1 turns it off.",
                        GROUP_ROTATION, 4, Width.SHORT, "Scheduled rotate interval")

                .define(NULL_VALUES_CONFIG, Type.STRING, "ignore", NULL_BEHAVIORS.validator(),
                        Importance.MEDIUM,
                        "Tombstones (null values): ignore (skip, counted in the log), fail (the task fails naming topic, "
                                + "partition and offset) or write (a null line; jsonl and json only). Confluent's GCS sink defaults to "
                                + "fail, so a config that sets format.class or partitioner.class must set this explicitly.",
                        GROUP_ERRORS, 1, Width.SHORT, "Null values", NULL_BEHAVIORS.recommender())
                .define(MEMORY_CONFIG, Type.LONG, 128L * 1024 * 1024, ConfigDef.Range.atLeast(1024 * 1024), Importance.MEDIUM,
                        "Memory a task may hold in open files (upload parts and parquet row groups). Above it the task pauses "
                                + "its partitions until files are committed.",
                        GROUP_ERRORS, 2, Width.SHORT, "Task memory budget")
                .define(MAX_OUTAGE_CONFIG, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long a partition's writes to GCS may keep failing (server errors, timeouts, lost connections) "
                                + "before the task fails with the last failure as its reason; each failure rewinds to the last "
                                + "committed offset and retries after " + RETRY_BACKOFF_CONFIG + ". A 400, 401 or 403 answer, or "
                                + "a bucket that no longer exists, fails the task at once, as no retry can succeed.",
                        GROUP_ERRORS, 3, Width.SHORT, "Maximum GCS outage")

                .define(DEDUP_HEADER_CONFIG, Type.STRING, null, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Header whose value identifies a message, e.g. pubsub.message.id (set by the Pub/Sub source). A record "
                                + "whose identity a record at one of the dedup.window.records preceding offsets of its Kafka "
                                + "partition already had is a redelivered copy: it is skipped, not written. Records without the "
                                + "header are written. Set this or dedup.fields; with neither, nothing is deduplicated.",
                        GROUP_DEDUP, 1, Width.MEDIUM, "Identity header")
                .define(DEDUP_FIELDS_CONFIG, Type.LIST, List.of(), Importance.MEDIUM,
                        "Value fields whose values together identify a message, e.g. vin,ts for telemetry or payment_id for "
                                + "payments (nested paths with field.syntax.version=V2), for sources without a message id such as "
                                + "MQTT. Copies are skipped as with dedup.header; a record missing a field, or holding null in "
                                + "one, is written.",
                        GROUP_DEDUP, 2, Width.LONG, "Identity fields")
                .define(DEDUP_WINDOW_CONFIG, Type.INT, 100_000, ConfigDef.Range.between(1, 10_000_000), Importance.MEDIUM,
                        "How many preceding offsets of the same Kafka partition are searched for an earlier copy of a "
                                + "message. Size it to cover the redelivery delay: records per second per partition times "
                                + "(scheduled.rebalance.max.delay.ms + the source's lease or ack time). Memory is about one "
                                + "identity per offset in the window per assigned partition (roughly 150 bytes for an identity "
                                + "of a few dozen characters). After a restart or rebalance a partition re-reads this many offsets "
                                + "before its committed one to rebuild the window, so replays skip the same copies.",
                        GROUP_DEDUP, 3, Width.SHORT, "Deduplication window");
        GcsSettings.defineConnection(def, GROUP_GCS, 3);
        GcsSettings.defineRetries(def, GROUP_GCS, 8, "the task rewinds to its last committed offset and tries the "
                + "files again.", "how long the task waits after a rewind");
        return CONFLUENT.define(def);
    }

    private final FieldSyntax syntax;

    /** {@code props} as written, with Confluent's GCS sink settings read as this sink's or refused on their key. */
    public GcsSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, CONFLUENT.translate(props).settingsOrThrow());
        syntax = FieldSyntax.of(getString(FIELD_SYNTAX_VERSION_CONFIG));
        CrossSettingRule.enforce(this, RULES, key -> values().get(key));
        GcsSettings.checkConnection(this);
    }

    static boolean identitiesConflict(Object header, List<?> fields) {
        return header != null && !fields.isEmpty();
    }

    public String bucket() {
        return getString(BUCKET_CONFIG);
    }

    public String topicsDir() {
        return getString(TOPICS_DIR_CONFIG);
    }

    public int offsetWidth() {
        return getInt(OFFSET_WIDTH_CONFIG);
    }

    public String fileDelimiter() {
        return getString(FILE_DELIMITER_CONFIG);
    }

    public int partSize() {
        return getInt(PART_SIZE_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_CONFIG);
    }

    public int uploadThreads() {
        return getInt(UPLOAD_THREADS_CONFIG);
    }

    public FileFormat format() {
        return FORMATS.parse(getString(FORMAT_CONFIG));
    }

    public String compression() {
        return getString(COMPRESSION_CONFIG);
    }

    public String avroSchema() {
        return getString(AVRO_SCHEMA_CONFIG);
    }

    public int parquetRowGroupBytes() {
        return getInt(PARQUET_ROW_GROUP_CONFIG);
    }

    /** As written: Connect trims string settings, which would turn the default line feed or a space into nothing. */
    public String byteArraySeparator() {
        Object written = originals().get(BYTEARRAY_SEPARATOR_CONFIG);
        return written == null ? FormatOptions.BYTEARRAY_SEPARATOR : written.toString();
    }

    /** Without the leading dot, as the object namer takes it. */
    public String byteArrayExtension() {
        return getString(BYTEARRAY_EXTENSION_CONFIG).substring(1);
    }

    public boolean storeKeys() {
        return getBoolean(STORE_KEYS_CONFIG);
    }

    public PartFormat keysFormat() {
        return PART_FORMATS.parse(getString(KEYS_FORMAT_CONFIG));
    }

    public boolean storeHeaders() {
        return getBoolean(STORE_HEADERS_CONFIG);
    }

    public PartFormat headersFormat() {
        return HEADERS_FORMATS.parse(getString(HEADERS_FORMAT_CONFIG));
    }

    public PartitionerType partitioner() {
        return PARTITIONERS.parse(getString(PARTITIONER_CONFIG));
    }

    public List<FieldPath> partitionFields() {
        return getList(PARTITION_FIELD_CONFIG).stream().map(p -> FieldPath.parse(p, syntax, PARTITION_FIELD_CONFIG)).toList();
    }

    public DateTimeFormatter pathFormat() {
        return PathFormat.formatter(getString(PATH_FORMAT_CONFIG), Locale.forLanguageTag(getString(LOCALE_CONFIG)))
                .withZone(ZoneId.of(getString(TIMEZONE_CONFIG)));
    }

    public long partitionDurationMs() {
        return getLong(PARTITION_DURATION_CONFIG);
    }

    public TimestampSource timestampSource() {
        return TIMESTAMP_SOURCES.parse(getString(TIMESTAMP_EXTRACTOR_CONFIG));
    }

    public FieldPath timestampField() {
        String field = getString(TIMESTAMP_FIELD_CONFIG);
        return field == null ? null : FieldPath.parse(field, syntax, TIMESTAMP_FIELD_CONFIG);
    }

    public long maxOutageMs() {
        return getLong(MAX_OUTAGE_CONFIG);
    }

    public int flushSize() {
        return getInt(FLUSH_SIZE_CONFIG);
    }

    public long fileMaxBytes() {
        return getLong(FILE_MAX_BYTES_CONFIG);
    }

    public long rotateIntervalMs() {
        return getLong(ROTATE_INTERVAL_CONFIG);
    }

    public long rotateScheduleIntervalMs() {
        return getLong(ROTATE_SCHEDULE_INTERVAL_CONFIG);
    }

    public NullValueBehavior nullValues() {
        return NULL_BEHAVIORS.parse(getString(NULL_VALUES_CONFIG));
    }

    public long memoryBudget() {
        return getLong(MEMORY_CONFIG);
    }

    public String dedupHeader() {
        return getString(DEDUP_HEADER_CONFIG);
    }

    public List<FieldPath> dedupFields() {
        return getList(DEDUP_FIELDS_CONFIG).stream().map(p -> FieldPath.parse(p, syntax, DEDUP_FIELDS_CONFIG)).toList();
    }

    public int dedupWindowRecords() {
        return getInt(DEDUP_WINDOW_CONFIG);
    }

    /**
     * Whether a replay rewrites exactly the same objects: only then may an existing object of the same name stand for
     * the file being written.
     */
    public boolean deterministic() {
        return timestampSource() != TimestampSource.WALLCLOCK && rotateScheduleIntervalMs() <= 0;
    }
}
