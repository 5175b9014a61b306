package io.fleetml.connect.gcs;

import io.fleetml.connect.common.config.ValidationErrors;
import io.fleetml.connect.common.policy.WorkerPolicyReset;
import io.fleetml.connect.gcs.GcsSinkConfig.FileFormat;
import io.fleetml.connect.gcs.GcsSinkConfig.PartitionerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs written for Confluent's GCS sink, from its documentation, with only connector.class changed. */
@ExtendWith(WorkerPolicyReset.class)
class ConfluentConnectorSettingsTest {
    private static final String FORMATS = "io.confluent.connect.gcs.format.";
    private static final String PARTITIONERS = "io.confluent.connect.storage.partitioner.";

    @TempDir
    Path dir;

    /** The quick start of Confluent's documentation, with the setting whose default differs set as Confluent's default. */
    private Map<String, String> quickStart(String... more) throws IOException {
        Map<String, String> props = asDocumented(more);
        props.putIfAbsent("behavior.on.null.values", "fail");
        props.putIfAbsent("filename.offset.zero.pad.width", "10");
        return props;
    }

    /** The quick start of Confluent's documentation: Avro files, default partitioner, a service account key file. */
    private Map<String, String> asDocumented(String... more) throws IOException {
        Path key = Files.writeString(dir.resolve("keys.json"), "{}");
        Map<String, String> props = new HashMap<>(Map.of(
                "name", "gcs",
                "connector.class", "io.fleetml.connect.gcs.GcsSinkConnector",
                "tasks.max", "1",
                "topics", "gcs_topic",
                "gcs.bucket.name", "fleet-training",
                "gcs.part.size", "5242880",
                "flush.size", "3",
                "gcs.credentials.path", key.toString(),
                "storage.class", "io.confluent.connect.gcs.storage.GcsStorage",
                "format.class", FORMATS + "avro.AvroFormat"));
        props.putAll(Map.of(
                "partitioner.class", PARTITIONERS + "DefaultPartitioner",
                "schema.compatibility", "NONE",
                "confluent.topic.bootstrap.servers", "localhost:9092",
                "confluent.topic.replication.factor", "1"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return ValidationErrors.of(new GcsSinkConnector().validate(props));
    }

    @Test
    void theQuickStartAsDocumentedMustOnlySetTheSettingsWhoseDefaultsDiffer() throws IOException {
        Map<String, List<String>> errors = errors(asDocumented());
        assertEquals(List.of("behavior.on.null.values", "filename.offset.zero.pad.width"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("behavior.on.null.values").get(0).contains("defaults behavior.on.null.values to fail"), errors.toString());
        assertTrue(errors.get("filename.offset.zero.pad.width").get(0).contains("to 10"), errors.toString());
        assertEquals(Map.of(), errors(asDocumented("behavior.on.null.values", "ignore", "filename.offset.zero.pad.width", "20")));
    }

    @Test
    void aConfigInThisSinksOwnNamesKeepsItsDefaults() {
        assertEquals(Map.of(), errors(Map.of("gcs.bucket.name", "fleet-training", "format", "avro", "partitioner", "time")));
    }

    @Test
    void theQuickStartValidatesWithoutErrorsAndWritesAvro() throws IOException {
        Map<String, String> props = quickStart();
        assertEquals(Map.of(), errors(props));
        GcsSinkConfig config = new GcsSinkConfig(props);
        assertEquals(FileFormat.AVRO, config.format());
        assertEquals(PartitionerType.DEFAULT, config.partitioner());
        assertEquals(5_242_880, config.partSize());
        assertEquals(10, config.offsetWidth());
    }

    @Test
    void theJsonQuickStartWritesJsonLinesNamedAsConfluentNamesThem() throws IOException {
        Map<String, String> props = quickStart("format.class", FORMATS + "json.JsonFormat", "gcs.compression.type", "gzip",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "false");
        assertEquals(Map.of(), errors(props));
        GcsSinkConfig config = new GcsSinkConfig(props);
        assertEquals(FileFormat.JSON, config.format());
        assertEquals("gzip", config.compression());
        assertEquals("json.gz", Formats.of(config).extension());
        assertEquals("json", Formats.of(new GcsSinkConfig(quickStart("format.class", FORMATS + "json.JsonFormat"))).extension());
    }

    @Test
    void jsonCompressionAppliesToTheSinksOwnJsonLinesToo() {
        GcsSinkConfig config = new GcsSinkConfig(Map.of("gcs.bucket.name", "fleet-training", "format", "jsonl",
                "gcs.compression.type", "gzip"));
        assertEquals("jsonl.gz", Formats.of(config).extension());
    }

    @Test
    void anHourlyConfigFilesRecordsUnderCalendarYearMonthDayAndHour() throws IOException {
        Map<String, String> props = quickStart("format.class", FORMATS + "parquet.ParquetFormat", "parquet.codec", "gzip",
                "partitioner.class", PARTITIONERS + "HourlyPartitioner", "locale", "en-US", "timezone", "UTC",
                "timestamp.extractor", "Record");
        assertEquals(Map.of(), errors(props));
        GcsSinkConfig config = new GcsSinkConfig(props);
        assertEquals(PartitionerType.TIME, config.partitioner());
        assertEquals(3_600_000L, config.partitionDurationMs());
        assertEquals("gzip", config.compression());
        assertEquals("year=2025/month=12/day=29/hour=07", config.pathFormat().format(Instant.parse("2025-12-29T07:30:00Z")));
    }

    @Test
    void aDailyConfigFloorsToADay() throws IOException {
        GcsSinkConfig config = new GcsSinkConfig(quickStart("partitioner.class", PARTITIONERS + "DailyPartitioner"));
        assertEquals(86_400_000L, config.partitionDurationMs());
        assertEquals("year=2024/month=12/day=30", config.pathFormat().format(Instant.parse("2024-12-30T23:00:00Z")));
    }

    @Test
    void aTimeBasedConfigKeepsItsOwnPathFormatAndDuration() throws IOException {
        Map<String, String> props = quickStart("partitioner.class", PARTITIONERS + "TimeBasedPartitioner",
                "path.format", "'year'=YYYY/'month'=MM", "partition.duration.ms", "600000", "locale", "en-US",
                "timezone", "Europe/Berlin", "timestamp.extractor", "RecordField", "timestamp.field", "ts");
        assertEquals(Map.of(), errors(props));
        GcsSinkConfig config = new GcsSinkConfig(props);
        assertEquals(600_000L, config.partitionDurationMs());
        assertEquals("year=2025/month=12", config.pathFormat().format(Instant.parse("2025-12-31T12:00:00Z")));
    }

    @Test
    void aFieldConfigPartitionsByTheField() throws IOException {
        Map<String, String> props = quickStart("partitioner.class", PARTITIONERS + "FieldPartitioner",
                "partition.field.name", "region");
        assertEquals(Map.of(), errors(props));
        assertEquals(PartitionerType.FIELD, new GcsSinkConfig(props).partitioner());
    }

    @Test
    void theByteArrayQuickStartWritesRawBytesUnderBinAsConfluentDoes() throws IOException {
        Map<String, String> props = quickStart("format.class", FORMATS + "bytearray.ByteArrayFormat",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        assertEquals(Map.of(), errors(props));
        GcsSinkConfig config = new GcsSinkConfig(props);
        assertEquals(FileFormat.BYTEARRAY, config.format());
        assertEquals("\n", config.byteArraySeparator());
        assertEquals("bin", Formats.of(config).extension());
    }

    @Test
    void theByteArraySeparatorIsKeptAsWrittenSpacesAndEmptinessIncluded() throws IOException {
        for (String separator : List.of("\r\n", " ", "", "\u001e")) {
            Map<String, String> props = quickStart("format.class", FORMATS + "bytearray.ByteArrayFormat",
                    "format.bytearray.separator", separator, "format.bytearray.extension", ".raw.txt");
            assertEquals(Map.of(), errors(props));
            GcsSinkConfig config = new GcsSinkConfig(props);
            assertEquals(separator, config.byteArraySeparator());
            assertEquals("raw.txt", Formats.of(config).extension());
        }
    }

    @Test
    void aByteArrayExtensionWithoutItsDotOrOfAnotherFormatIsRefusedOnTheKey() throws IOException {
        for (String extension : List.of("bin", ".jsonl", ".json", ".data.parquet", ".b in", ".")) {
            Map<String, List<String>> errors = errors(quickStart("format.class", FORMATS + "bytearray.ByteArrayFormat",
                    "format.bytearray.extension", extension));
            assertEquals(List.of("format.bytearray.extension"), List.copyOf(errors.keySet()), extension);
        }
        assertTrue(errors(quickStart("format.bytearray.extension", ".jsonl")).get("format.bytearray.extension").get(0)
                .contains("jsonl files, which the trainer reads"));
    }

    @Test
    void rawBytesCannotWriteATombstone() throws IOException {
        Map<String, List<String>> errors = errors(quickStart("format.class", FORMATS + "bytearray.ByteArrayFormat",
                "behavior.on.null.values", "write"));
        assertEquals(List.of("behavior.on.null.values"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("behavior.on.null.values").get(0).contains("bytearray"), errors.toString());
    }

    @Test
    void unsupportedClassesAreRefusedNamingTheSupportedOnes() throws IOException {
        Map<String, List<String>> errors = errors(quickStart("format.class", FORMATS + "string.StringFormat",
                "partitioner.class", "com.example.RegionPartitioner"));
        assertEquals(List.of("format.class", "partitioner.class"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("format.class").get(0).contains("ByteArrayFormat"), errors.toString());
        assertTrue(errors.get("partitioner.class").get(0).contains("HourlyPartitioner"), errors.toString());
    }

    @Test
    void valuesThatChangeWhatIsWrittenAreRefusedOnTheirKey() throws IOException {
        Map<String, List<String>> errors = errors(quickStart("schema.compatibility", "BACKWARD", "avro.codec", "bzip2",
                "directory.delim", "_", "connect.meta.data", "true"));
        assertEquals(List.of("avro.codec", "connect.meta.data", "directory.delim", "schema.compatibility"),
                errors.keySet().stream().sorted().toList());
    }

    @Test
    void keysAndHeadersAreStoredInTheFormatsTheirClassesNameWithConfluentsAvroByDefault() throws IOException {
        GcsSinkConfig defaults = new GcsSinkConfig(quickStart("store.kafka.keys", "true", "store.kafka.headers", "TRUE"));
        assertTrue(defaults.storeKeys() && defaults.storeHeaders());
        assertEquals(List.of(GcsSinkConfig.PartFormat.AVRO, GcsSinkConfig.PartFormat.AVRO),
                List.of(defaults.keysFormat(), defaults.headersFormat()));

        GcsSinkConfig named = new GcsSinkConfig(quickStart("store.kafka.keys", "true", "store.kafka.headers", "true",
                "keys.format.class", FORMATS + "bytearray.ByteArrayFormat", "headers.format.class", FORMATS + "parquet.ParquetFormat"));
        assertEquals(List.of(GcsSinkConfig.PartFormat.BYTEARRAY, GcsSinkConfig.PartFormat.PARQUET),
                List.of(named.keysFormat(), named.headersFormat()));
        assertFalse(new GcsSinkConfig(quickStart()).storeKeys(), "keys are stored only when asked, as in Confluent's sink");
    }

    @Test
    void formatsThatCannotHoldKeysOrHeadersAreRefusedOnTheirKey() throws IOException {
        Map<String, List<String>> errors = errors(quickStart("store.kafka.headers", "true",
                "headers.format.class", FORMATS + "bytearray.ByteArrayFormat", "keys.format.class", FORMATS + "string.StringFormat"));
        assertEquals(List.of("headers.format.class", "keys.format.class"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("headers.format.class").get(0).contains("ParquetFormat"), errors.toString());

        Map<String, List<String>> own = errors(quickStart("store.kafka.headers", "true", "headers.format", "bytearray"));
        assertEquals(List.of("headers.format"), List.copyOf(own.keySet()));
        assertTrue(own.get("headers.format").get(0).contains("avro, parquet, json"), own.toString());
    }

    @Test
    void anHourlyPartitionerWithADifferentPathFormatIsRefusedRatherThanIgnored() throws IOException {
        Map<String, List<String>> errors = errors(quickStart("partitioner.class", PARTITIONERS + "HourlyPartitioner",
                "path.format", "'dt'=yyyy-MM-dd"));
        assertEquals(List.of("partitioner.class"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("partitioner.class").get(0).contains("path.format"), errors.toString());
    }

    @Test
    void codecsApplyOnlyToTheirFormatAndRetryBackoffIsTheRewindBackoff() throws IOException {
        GcsSinkConfig config = new GcsSinkConfig(quickStart("avro.codec", "snappy", "parquet.codec", "zstd",
                "gcs.compression.type", "gzip", "retry.backoff.ms", "5000"));
        assertEquals("snappy", config.compression());
        assertEquals(5000L, config.retryBackoffMs());
    }
}
