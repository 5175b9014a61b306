package io.fleetml.connect.gcs;

import io.fleetml.testkit.formats.AvroBytes;
import io.fleetml.testkit.formats.ParquetBytes;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs written for Confluent's GCS sink, with only connector.class changed, run by the task against the emulator. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConfluentConfigRunTest {
    private static final String TOPIC = "gcs_topic";
    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);

    @RegisterExtension
    final TestBucket bucket = new TestBucket();

    /** Confluent's quick start with JSON files and its defaults for tombstones and offset width written out. */
    private Map<String, String> confluentConfig(String... more) {
        Map<String, String> props = new HashMap<>(Map.of(
                "connector.class", "io.fleetml.connect.gcs.GcsSinkConnector",
                "topics", TOPIC,
                "gcs.bucket.name", TestBucket.NAME,
                "gcs.endpoint", bucket.emulator().endpoint(),
                "flush.size", "3",
                "storage.class", "io.confluent.connect.gcs.storage.GcsStorage",
                "format.class", "io.confluent.connect.gcs.format.json.JsonFormat",
                "partitioner.class", "io.confluent.connect.storage.partitioner.DefaultPartitioner",
                "behavior.on.null.values", "fail",
                "filename.offset.zero.pad.width", "10"));
        props.put("schema.compatibility", "NONE");
        props.put("confluent.topic.bootstrap.servers", "localhost:9092");
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return props;
    }

    /** Schemaless values, as JsonConverter with schemas.enable=false gives them; the last two days of 2025 by time. */
    private static List<SinkRecord> schemaless(int count) {
        List<SinkRecord> records = new ArrayList<>();
        long start = Instant.parse("2025-12-30T22:30:00Z").toEpochMilli();
        for (int offset = 0; offset < count; offset++) {
            long ts = start + offset * 3_600_000L;
            records.add(new SinkRecord(TOPIC, 0, null, null, null, Map.of("id", "0-" + offset, "ts", ts), offset, ts,
                    TimestampType.CREATE_TIME));
        }
        return records;
    }

    private Map<String, String> objects() {
        Map<String, String> objects = new TreeMap<>();
        bucket.emulator().objects(TestBucket.NAME).forEach((name, bytes) -> objects.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return objects;
    }

    @Test
    void theJsonQuickStartWritesSchemalessValuesUnderConfluentsNames() {
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), confluentConfig());
        task.put(schemaless(6));
        Map<String, String> objects = objects();
        assertEquals(List.of("topics/gcs_topic/partition=0/gcs_topic+0+0000000000.json",
                "topics/gcs_topic/partition=0/gcs_topic+0+0000000003.json"), List.copyOf(objects.keySet()));
        assertEquals(3, objects.values().iterator().next().lines().filter(line -> line.startsWith("{\"")).count());
        task.stop();
    }

    @Test
    void anotherFileDelimiterJoinsTheNamesOfValuesAndKeysAlike() {
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true),
                confluentConfig("file.delim", "-", "store.kafka.keys", "true", "keys.format.class",
                        "io.confluent.connect.gcs.format.json.JsonFormat"));
        task.put(keyed(3, -1));
        task.stop();
        assertEquals(List.of("topics/gcs_topic/partition=0/gcs_topic-0-0000000000.json",
                "topics/gcs_topic/partition=0/gcs_topic-0-0000000000.keys.json"), List.copyOf(objects().keySet()));
    }

    @Test
    void gzippedJsonIsNamedJsonGzAndReadsBackLineByLine() {
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true),
                confluentConfig("gcs.compression.type", "gzip"));
        task.put(schemaless(3));
        String name = "topics/gcs_topic/partition=0/gcs_topic+0+0000000000.json.gz";
        assertEquals(List.of(name), List.copyOf(objects().keySet()));
        assertEquals(List.of("0-0", "0-1", "0-2"), StoredRecords.ids(name, bucket.emulator().objects(TestBucket.NAME).get(name), "id"));
        assertEquals("application/gzip", bucket.storage().get(TestBucket.NAME, name).getContentType());
        task.stop();
    }

    /**
     * Values as ByteArrayConverter gives them, bytes with an optional BYTES schema; the value at offset 2 a schemaless
     * map, as JsonConverter would have given it.
     */
    private static List<SinkRecord> bytes(int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = 0; offset < count; offset++) {
            records.add(offset == 2
                    ? new SinkRecord(TOPIC, 0, null, null, null, Map.of("id", "0-2"), offset)
                    : new SinkRecord(TOPIC, 0, null, null, Schema.OPTIONAL_BYTES_SCHEMA,
                            ("raw " + offset).getBytes(StandardCharsets.UTF_8), offset));
        }
        return records;
    }

    @Test
    void theByteArrayFormatWritesEachValueAndALineFeedUnderBinAndReportsAValueThatIsNotBytes() {
        Map<String, String> props = confluentConfig("format.class", "io.confluent.connect.gcs.format.bytearray.ByteArrayFormat",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), context, props);
        task.put(bytes(9));
        assertEquals(Map.of(TP0, new OffsetAndMetadata(9)), task.preCommit(Map.of()));
        task.stop();

        // The schemaless value changes the schema, which ends a file as in every format, before it is found not bytes.
        String first = "topics/gcs_topic/partition=0/gcs_topic+0+0000000000.bin";
        Map<String, String> objects = objects();
        assertEquals(Map.of(first, "raw 0\nraw 1\n",
                "topics/gcs_topic/partition=0/gcs_topic+0+0000000003.bin", "raw 3\nraw 4\nraw 5\n",
                "topics/gcs_topic/partition=0/gcs_topic+0+0000000006.bin", "raw 6\nraw 7\nraw 8\n"), objects);
        assertEquals("application/octet-stream", bucket.storage().get(TestBucket.NAME, first).getContentType());
        assertEquals(List.of(2L), context.deadLetters.stream().map(SinkRecord::kafkaOffset).toList());
        String reason = context.deadLetterErrors.get(0).getMessage();
        assertTrue(reason.contains("topic 'gcs_topic' partition 0 offset 2") && reason.contains("the value is Map"), reason);
        assertFalse(reason.contains("0-2"), "the value itself is not in the reason");

        GcsSinkTask replay = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), props);
        replay.put(bytes(9));
        replay.stop();
        assertEquals(objects, objects(), "a replay from offset 0 finds the same objects with the same bytes");
    }

    @Test
    void aByteArraySeparatorAndExtensionAreUsedAsWritten() {
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), confluentConfig(
                "format.class", "io.confluent.connect.gcs.format.bytearray.ByteArrayFormat",
                "format.bytearray.separator", "\r\n", "format.bytearray.extension", ".raw", "flush.size", "2"));
        task.put(List.of(bytes(2).get(0), bytes(2).get(1)));
        task.stop();
        assertEquals(Map.of("topics/gcs_topic/partition=0/gcs_topic+0+0000000000.raw", "raw 0\r\nraw 1\r\n"), objects());
    }

    @Test
    void theHourlyPartitionerFilesTheLastDaysOfDecemberUnderTheirYear() {
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), confluentConfig(
                "partitioner.class", "io.confluent.connect.storage.partitioner.HourlyPartitioner", "flush.size", "4",
                "timezone", "UTC", "locale", "en-US", "timestamp.extractor", "Record"));
        task.put(schemaless(4));
        assertEquals(List.of(
                "topics/gcs_topic/year=2025/month=12/day=30/hour=22/gcs_topic+0+0000000000.json",
                "topics/gcs_topic/year=2025/month=12/day=30/hour=23/gcs_topic+0+0000000001.json",
                "topics/gcs_topic/year=2025/month=12/day=31/hour=00/gcs_topic+0+0000000002.json",
                "topics/gcs_topic/year=2025/month=12/day=31/hour=01/gcs_topic+0+0000000003.json"), List.copyOf(objects().keySet()));
        task.stop();
    }

    /**
     * Schemaless values keyed by a String key (StringConverter's schema) with two headers; the record at
     * {@code keylessAt} has no key.
     */
    private static List<SinkRecord> keyed(int count, long keylessAt) {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = 0; offset < count; offset++) {
            SinkRecord record = new SinkRecord(TOPIC, 0, offset == keylessAt ? null : Schema.STRING_SCHEMA,
                    offset == keylessAt ? null : "k" + offset, null, Map.of("id", "0-" + offset), offset);
            record.headers().addString("source", "mqtt").addInt("seq", offset);
            records.add(record);
        }
        return records;
    }

    private List<String> stored(String name, String field) {
        return StoredRecords.ids(name, bucket.emulator().objects(TestBucket.NAME).get(name), field);
    }

    private List<String> storedHeaders(String name) throws IOException {
        List<String> headers = new ArrayList<>();
        for (GenericRecord record : AvroBytes.read(bucket.emulator().objects(TestBucket.NAME).get(name))) {
            List<String> pairs = new ArrayList<>();
            for (Object header : (List<?>) record.get("headers")) {
                GenericRecord pair = (GenericRecord) header;
                pairs.add(pair.get("key") + "=" + pair.get("value"));
            }
            headers.add(String.join(",", pairs));
        }
        return headers;
    }

    @Test
    void keysAndHeadersAreStoredBesideEachValueObjectInLineWithItAndAKeylessRecordIsReported() throws IOException {
        Map<String, String> props = confluentConfig("store.kafka.keys", "true", "store.kafka.headers", "true");
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), context, props);
        task.put(keyed(7, 4));
        assertEquals(Map.of(TP0, new OffsetAndMetadata(7)), task.preCommit(Map.of()));
        task.stop();

        String first = "topics/gcs_topic/partition=0/gcs_topic+0+0000000000";
        String second = "topics/gcs_topic/partition=0/gcs_topic+0+0000000003";
        Map<String, String> objects = objects();
        assertEquals(List.of(first + ".headers.avro", first + ".json", first + ".keys.avro",
                second + ".headers.avro", second + ".json", second + ".keys.avro"), List.copyOf(objects.keySet()));
        assertEquals(List.of("0-3", "0-5", "0-6"), stored(second + ".json", "id"));
        assertEquals(List.of("k3", "k5", "k6"), stored(second + ".keys.avro", "key"), "a String key is a record of one field, key");
        assertEquals(List.of("k0", "k1", "k2"), stored(first + ".keys.avro", "key"));
        assertEquals(List.of("source=mqtt,seq=3", "source=mqtt,seq=5", "source=mqtt,seq=6"), storedHeaders(second + ".headers.avro"));
        assertEquals("application/avro", bucket.storage().get(TestBucket.NAME, first + ".keys.avro").getContentType());

        assertEquals(List.of(4L), context.deadLetters.stream().map(SinkRecord::kafkaOffset).toList());
        String reason = context.deadLetterErrors.get(0).getMessage();
        assertTrue(reason.contains("topic 'gcs_topic' partition 0 offset 4") && reason.contains("no key")
                && reason.contains("store.kafka.keys"), reason);

        GcsSinkTask replay = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), props);
        replay.put(keyed(7, 4));
        replay.stop();
        assertEquals(objects, objects(), "a replay from offset 0 finds the same objects with the same bytes");
    }

    @Test
    void jsonKeysAndParquetHeadersFollowTheirFormatClassesAndAKeyOfAnotherSchemaStartsNewAvroObjects() throws IOException {
        List<SinkRecord> records = keyed(4, -1);
        records.set(2, new SinkRecord(TOPIC, 0, Schema.INT64_SCHEMA, 2L, null, Map.of("id", "0-2"), 2));
        records.get(2).headers().addString("source", "pubsub");
        GcsSinkTask json = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), confluentConfig(
                "store.kafka.keys", "true", "keys.format.class", "io.confluent.connect.gcs.format.json.JsonFormat",
                "store.kafka.headers", "true", "headers.format.class", "io.confluent.connect.gcs.format.parquet.ParquetFormat",
                "flush.size", "4"));
        json.put(records);
        json.stop();
        String name = "topics/gcs_topic/partition=0/gcs_topic+0+0000000000";
        assertEquals(List.of(name + ".headers.parquet", name + ".json", name + ".keys.json"), List.copyOf(objects().keySet()),
                "JSON keys take any schema, and headers always have the same one: one file");
        assertEquals("\"k0\"\n\"k1\"\n2\n\"k3\"\n", objects().get(name + ".keys.json"));
        List<GenericRecord> headers = ParquetBytes.read(bucket.emulator().objects(TestBucket.NAME)
                .get(name + ".headers.parquet"));
        assertEquals(4, headers.size());
        assertEquals(1, ((List<?>) headers.get(2).get("headers")).size(), "a record's own headers, in its order");

        GcsSinkTask avro = TestBucket.started(new GcsSinkTask(), new RecordingSinkTaskContext(Set.of(TP0), true), confluentConfig(
                "store.kafka.keys", "true", "flush.size", "4", "topics.dir", "avro-keys"));
        avro.put(records);
        avro.stop();
        String first = "avro-keys/gcs_topic/partition=0/gcs_topic+0+0000000000";
        String second = "avro-keys/gcs_topic/partition=0/gcs_topic+0+0000000002";
        assertEquals(List.of(first + ".json", first + ".keys.avro", second + ".json", second + ".keys.avro"),
                objects().keySet().stream().filter(object -> object.startsWith("avro-keys/")).toList(),
                "an Avro file holds one schema: the Long key, and the String key after it, each started new objects");
        assertEquals(List.of("k0", "k1"), stored(first + ".keys.avro", "key"));
        assertEquals(List.of("2"), stored(second + ".keys.avro", "key"));
    }
}
