package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record the sink cannot write goes to the dead-letter queue and the partition moves on; GCS refusing every write
 * fails the task with the reason, at once when no retry can help and after gcs.max.outage.ms otherwise.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadRecordsAndStoreFailuresTest {
    private static final String TOPIC = "telemetry";
    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
    private static final Schema GOOD = SchemaBuilder.struct().name("telemetry")
            .field("id", Schema.STRING_SCHEMA).field("region", Schema.STRING_SCHEMA).field("ts", Schema.STRING_SCHEMA).build();

    @RegisterExtension
    final TestBucket bucket = new TestBucket();
    private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);

    private GcsSinkTask task(RecordingSinkTaskContext context, String... overrides) {
        return TestBucket.started(new GcsSinkTask(clock::get), context, bucket.sinkProps(overrides));
    }

    private static SinkRecord good(long offset) {
        Struct value = new Struct(GOOD).put("id", "0-" + offset).put("region", "eu").put("ts", "2025-11-24T10:00:00Z");
        return new SinkRecord(TOPIC, 0, null, null, GOOD, value, offset, 1_764_000_000_000L, TimestampType.CREATE_TIME);
    }

    private static SinkRecord withValue(long offset, Schema schema, Object value) {
        return new SinkRecord(TOPIC, 0, null, null, schema, value, offset, 1_764_000_000_000L, TimestampType.CREATE_TIME);
    }

    /** Puts good records around the bad one and checks it alone went to the DLQ and every offset committed. */
    private void assertReportedBetweenGoodOnes(RecordingSinkTaskContext context, GcsSinkTask task, SinkRecord bad, String reason) {
        task.put(List.of(good(0), bad, good(2), good(3)));
        assertEquals(1, context.deadLetters.size(), "only the bad record is reported");
        assertEquals(1, context.deadLetters.get(0).kafkaOffset());
        String message = context.deadLetterErrors.get(0).getMessage();
        assertTrue(message.contains("topic 'telemetry' partition 0 offset 1") && message.contains(reason), message);
        assertEquals(1.0, context.metric("records-reported"));
        assertEquals(4, task.preCommit(Map.of()).get(TP0).offset(), "the partition moved past the bad record");
        assertEquals(Map.of("0-0", 1, "0-2", 1, "0-3", 1),
                StoredRecords.idCounts(bucket.storage(), TestBucket.NAME, "topics/" + TOPIC + "/", "id"));
    }

    /** Parquet and Avro files share the schema conversion that refuses the name. */
    @Test
    void aFieldNameAvroDoesNotAllowIsABadRecordNotAnOutage() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        // A schema change commits the files before it, so files of one record keep every offset committed.
        GcsSinkTask task = task(context, "format", "parquet", "flush.size", "1");
        Schema dashed = SchemaBuilder.struct().name("telemetry").field("region", Schema.STRING_SCHEMA)
                .field("speed-kmh", Schema.FLOAT64_SCHEMA).build();
        SinkRecord bad = withValue(1, dashed, new Struct(dashed).put("region", "eu").put("speed-kmh", 88.0));
        assertReportedBetweenGoodOnes(context, task, bad, "speed-kmh");
        assertEquals(0.0, context.metric("rewinds"));
    }

    @Test
    void aStructWithoutFieldsIsABadRecordForParquet() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "format", "parquet", "flush.size", "1");
        Schema empty = SchemaBuilder.struct().name("nothing").build();
        Schema holder = SchemaBuilder.struct().name("telemetry").field("region", Schema.STRING_SCHEMA)
                .field("vehicle", empty).build();
        SinkRecord bad = withValue(1, holder, new Struct(holder).put("region", "eu").put("vehicle", new Struct(empty)));
        assertReportedBetweenGoodOnes(context, task, bad, "Parquet");
        assertEquals(0.0, context.metric("rewinds"));
    }

    @Test
    void aTimestampBeyondEpochMillisecondsIsABadRecord() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "partitioner", "time", "timestamp.extractor", "RecordField", "timestamp.field", "ts",
                "partition.field.name", null, "flush.size", "3");
        Struct value = new Struct(GOOD).put("id", "0-1").put("region", "eu").put("ts", "+300000000-01-01T00:00:00Z");
        assertReportedBetweenGoodOnes(context, task, withValue(1, GOOD, value), "outside the range");
    }

    @Test
    void aPartitionValueTooLongForAnObjectNameIsABadRecord() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "flush.size", "3");
        Struct value = new Struct(GOOD).put("id", "0-1").put("region", "x".repeat(2_000)).put("ts", "2025-11-24T10:00:00Z");
        assertReportedBetweenGoodOnes(context, task, withValue(1, GOOD, value), "over 256");
    }

    @Test
    void aMalformedDeclaredSchemaFailsValidationNamingTheSetting() {
        Map<String, String> props = bucket.sinkProps("format", "parquet", "format.avro.schema", "{\"type\": \"record\", \"name\": ");
        ConfigValue value = new GcsSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals("format.avro.schema")).findFirst().orElseThrow();
        assertEquals(1, value.errorMessages().size(), value.errorMessages().toString());
        assertTrue(value.errorMessages().get(0).contains("not an Avro schema"), value.errorMessages().toString());

        Map<String, String> notARecord = bucket.sinkProps("format", "parquet", "format.avro.schema", "\"string\"");
        ConfigValue second = new GcsSinkConnector().validate(notARecord).configValues().stream()
                .filter(v -> v.name().equals("format.avro.schema")).findFirst().orElseThrow();
        assertTrue(second.errorMessages().get(0).contains("must be an Avro record schema"), second.errorMessages().toString());
    }

    @Test
    void aForbiddenAnswerFailsTheTaskAtOnceNamingTheStatus() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "flush.size", "2");
        bucket.emulator().failNext(100, 403, request -> request.startsWith("POST /upload"));
        ConnectException e = assertThrows(ConnectException.class, () -> task.put(List.of(good(0), good(1))));
        assertTrue(e.getMessage().contains("403") && e.getMessage().contains(TestBucket.NAME), e.getMessage());
    }

    @Test
    void aDeletedBucketFailsTheTaskAtOnceNamingTheBucket() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "flush.size", "2");
        bucket.emulator().failNext(100, 404, request -> request.startsWith("POST /upload") || request.startsWith("GET /storage/v1/b/"));
        ConnectException e = assertThrows(ConnectException.class, () -> task.put(List.of(good(0), good(1))));
        assertTrue(e.getMessage().contains("bucket '" + TestBucket.NAME + "'"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedUntilTheOutageOutlastsItsLimit() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "flush.size", "2", "gcs.max.outage.ms", "60000");
        bucket.emulator().failNext(10_000, 503, request -> request.startsWith("POST /upload"));
        task.put(List.of(good(0), good(1)));
        assertEquals(1.0, context.metric("rewinds"), "the first failure rewinds");
        clock.addAndGet(59_000);
        task.put(List.of(good(0), good(1)));
        assertEquals(2.0, context.metric("rewinds"), "within the allowed outage the task retries");
        clock.addAndGet(1_000);
        ConnectException e = assertThrows(ConnectException.class, () -> task.put(List.of(good(0), good(1))));
        assertTrue(e.getMessage().contains("gcs.max.outage.ms=60000") && e.getMessage().contains("503"), e.getMessage());

        bucket.emulator().failNext(0, 503, request -> true);
    }
}
