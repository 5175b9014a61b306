package io.fleetml.connect.gcs;

import com.google.cloud.storage.BlobInfo;
import io.fleetml.connect.gcs.storage.ObjectConflictException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink task against the project's GCS emulator, with the formats' own readers checking what landed. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GcsSinkTaskTest {
    private static final String BUCKET = TestBucket.NAME;
    private static final String TOPIC = "telemetry";
    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition TP1 = new TopicPartition(TOPIC, 1);
    private static final Schema SCHEMA = SchemaBuilder.struct().name("telemetry")
            .field("id", Schema.STRING_SCHEMA).field("region", Schema.STRING_SCHEMA)
            .field("ts", Schema.INT64_SCHEMA).field("speed", Schema.FLOAT64_SCHEMA).build();
    private static final String[] REGIONS = {"eu", "us", "apac"};

    @RegisterExtension
    final TestBucket bucket = new TestBucket();
    private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);

    private Map<String, String> props(String... overrides) {
        return bucket.sinkProps(overrides);
    }

    private GcsSinkTask task(RecordingSinkTaskContext context, Map<String, String> props) {
        return TestBucket.started(new GcsSinkTask(clock::get), context, props);
    }

    private static SinkRecord record(int partition, long offset) {
        String id = partition + "-" + offset;
        Struct value = new Struct(SCHEMA).put("id", id).put("region", REGIONS[(int) ((offset * 7 + partition) % 3)])
                .put("ts", 1_764_000_000_000L + offset * 1000).put("speed", offset % 130 + 0.5);
        return new SinkRecord(TOPIC, partition, Schema.STRING_SCHEMA, id, SCHEMA, value, offset, 1_764_000_000_000L + offset * 1000,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static List<SinkRecord> records(int partition, long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(record(partition, offset));
        }
        return records;
    }

    private static void putInBatches(GcsSinkTask task, long from0, long from1, long to, int batch) {
        for (long start = Math.min(from0, from1); start < to; start += batch) {
            List<SinkRecord> records = new ArrayList<>();
            records.addAll(records(0, Math.max(start, from0), Math.min(start + batch, to)));
            records.addAll(records(1, Math.max(start, from1), Math.min(start + batch, to)));
            task.put(records);
        }
    }

    private static long committed(GcsSinkTask task, TopicPartition tp) {
        OffsetAndMetadata offset = task.preCommit(Map.of()).get(tp);
        return offset == null ? -1 : offset.offset();
    }

    private Map<String, Integer> stored(String format) {
        return StoredRecords.idCounts(bucket.storage(), BUCKET, "topics/" + TOPIC + "/", "id");
    }

    private double objectCount() {
        return bucket.emulator().objects(BUCKET).size();
    }

    private double bucketBytes() {
        return bucket.emulator().objects(BUCKET).values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    private static void assertExactlyOnce(Map<String, Integer> counts, int perPartition) {
        for (int partition = 0; partition < 2; partition++) {
            for (long offset = 0; offset < perPartition; offset++) {
                assertEquals(1, counts.getOrDefault(partition + "-" + offset, 0), "record " + partition + "-" + offset);
            }
        }
        assertEquals(2 * perPartition, counts.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "parquet"})
    void everyRecordLandsInExactlyOneObjectAcrossACrashAndAReplayOfCommittedFiles(String format) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0, TP1), true);
        GcsSinkTask first = task(context, props("format", format));
        putInBatches(first, 0, 0, 300, 37);
        long snapshot0 = committed(first, TP0);
        long snapshot1 = committed(first, TP1);
        putInBatches(first, 300, 300, 650, 37);
        assertTrue(committed(first, TP0) > snapshot0, "files were committed after the snapshot");
        // The first task dies without closing; its last offset commits never reached Kafka, so the next task replays
        // from the earlier snapshot and meets objects that already exist.
        RecordingSinkTaskContext secondContext = new RecordingSinkTaskContext(Set.of(TP0, TP1), true);
        GcsSinkTask second = task(secondContext, props("format", format));
        putInBatches(second, snapshot0, snapshot1, 1000, 41);
        assertEquals(1000, committed(second, TP0));
        assertEquals(1000, committed(second, TP1));
        assertExactlyOnce(stored(format), 1000);
        assertTrue(secondContext.metric("objects-already-present") > 0, "the replay met the first task's objects");
        assertEquals(objectCount(), context.metric("objects-written") + secondContext.metric("objects-written"),
                "each object is counted by the task that created it");
        assertEquals(2000.0, context.metric("records-written") + secondContext.metric("records-written"));
        assertEquals(bucketBytes(), context.metric("bytes-written") + secondContext.metric("bytes-written"));
        second.stop();
    }

    @Test
    void gcsOutageRewindsToTheCommittedOffsetAndTheRedeliveryLosesNothing() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0, TP1), true);
        GcsSinkTask task = task(context, props());
        putInBatches(task, 0, 0, 250, 50);
        long committed0 = committed(task, TP0);
        bucket.emulator().failNext(1_000, 503, request -> request.startsWith("POST /upload"));
        task.put(records(0, 250, 400));
        assertEquals(committed0, context.rewinds.get(TP0), "rewound to the last committed offset");
        assertEquals(committed0, committed(task, TP0), "nothing new is committed while GCS fails");
        bucket.emulator().failNext(0, 503, request -> true);
        // The worker seeks to the rewound offset: the next puts start there.
        List<SinkRecord> redelivered = new ArrayList<>(records(0, committed0, 1000));
        redelivered.addAll(records(1, 250, 1000));
        task.put(redelivered);
        assertEquals(1000, committed(task, TP0));
        assertEquals(1000, committed(task, TP1));
        assertExactlyOnce(stored("jsonl"), 1000);
        assertTrue(bucket.emulator().count("fault") >= 3, "the client retried before giving up: " + bucket.emulator().count("fault"));
        assertEquals(1.0, context.metric("rewinds"));
        assertTrue(context.metric("upload-failures") >= 1.0, "the commit that met the outage failed its uploads");
        assertEquals(objectCount(), context.metric("objects-written"));
        assertEquals(2000.0, context.metric("records-written"));
    }

    @Test
    void eachCommitOfObjectsAsksTheWorkerToCommitItsOffsetNow() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, props("flush.size", "10"));
        task.put(records(0, 0, 9));
        assertEquals(0, context.commitRequests, "no object is finished yet");
        task.put(records(0, 9, 25));
        assertEquals(2, context.commitRequests, "two files of ten records finished");
        assertEquals(20, committed(task, TP0));
    }

    @Test
    void recordsWithoutThePartitionFieldGoToTheDeadLetterQueueAndOffsetsMoveOn() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, props("flush.size", "2"));
        Map<String, Object> noRegion = Map.of("id", "x");
        task.put(List.of(record(0, 0), new SinkRecord(TOPIC, 0, null, null, null, noRegion, 1), record(0, 2)));
        assertEquals(1, context.deadLetters.size());
        assertEquals(1.0, context.metric("records-reported"));
        assertTrue(context.deadLetterErrors.get(0).getMessage().contains("topic 'telemetry' partition 0 offset 1"));
        assertTrue(context.deadLetterErrors.get(0).getMessage().contains("region"));
        assertEquals(3, committed(task, TP0));

        GcsSinkTask strict = task(new RecordingSinkTaskContext(Set.of(TP1), false), props());
        ConnectException e = assertThrows(ConnectException.class,
                () -> strict.put(List.of(new SinkRecord(TOPIC, 1, null, null, null, noRegion, 5))));
        assertTrue(e.getMessage().contains("topic 'telemetry' partition 1 offset 5"), e.getMessage());
    }

    @Test
    void tombstonesFollowTheirPolicy() {
        SinkRecord tombstone = new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, "k", null, null, 0);
        RecordingSinkTaskContext ignoringContext = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask ignoring = task(ignoringContext, props("partitioner", "default"));
        ignoring.put(List.of(tombstone));
        assertEquals(1, committed(ignoring, TP0));
        assertEquals(1.0, ignoringContext.metric("tombstones-skipped"));
        assertEquals(0.0, ignoringContext.metric("records-written"));

        GcsSinkTask failing = task(new RecordingSinkTaskContext(Set.of(TP0), true), props("partitioner", "default",
                "behavior.on.null.values", "fail"));
        ConnectException e = assertThrows(ConnectException.class, () -> failing.put(List.of(tombstone)));
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());

        GcsSinkTask writing = task(new RecordingSinkTaskContext(Set.of(TP0), true), props("partitioner", "default",
                "behavior.on.null.values", "write", "flush.size", "2"));
        writing.put(List.of(tombstone, record(0, 1)));
        assertEquals(Map.of("null", 1, "0-1", 1), stored("jsonl"), "a tombstone shares the file of the records around it");
    }

    @Test
    void schemaChangeStartsANewFileAndBothRead() {
        Schema v2 = SchemaBuilder.struct().name("telemetry").field("id", Schema.STRING_SCHEMA).field("region", Schema.STRING_SCHEMA)
                .field("fuel", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        GcsSinkTask task = task(new RecordingSinkTaskContext(Set.of(TP0), true), props("format", "parquet", "flush.size", "2",
                "partitioner", "default"));
        task.put(List.of(record(0, 0),
                new SinkRecord(TOPIC, 0, null, null, v2, new Struct(v2).put("id", "0-1").put("region", "eu").put("fuel", 3.5), 1),
                new SinkRecord(TOPIC, 0, null, null, v2, new Struct(v2).put("id", "0-2").put("region", "eu"), 2)));
        assertEquals(Map.of("0-0", 1, "0-1", 1, "0-2", 1), stored("parquet"));
        assertEquals(3, committed(task, TP0));
        List<String> names = new ArrayList<>();
        bucket.storage().list(BUCKET).iterateAll().forEach(blob -> names.add(blob.getName()));
        assertEquals(List.of("topics/telemetry/partition=0/telemetry+0+00000000000000000000.parquet",
                "topics/telemetry/partition=0/telemetry+0+00000000000000000001.parquet"), names, "the v1 file ended where v2 began");
    }

    @Test
    void recordTimeRotationAndIdleCommit() {
        GcsSinkTask task = task(new RecordingSinkTaskContext(Set.of(TP0), true), props("flush.size", "1000",
                "rotate.interval.ms", "10000", "partitioner", "default"));
        task.put(records(0, 0, 25));
        assertEquals(20, committed(task, TP0), "files rotate after 10 s of record time, before record 10 and 20");
        clock.set(1_764_000_000_000L + 30_000);
        task.put(List.of());
        assertEquals(25, committed(task, TP0), "the idle partition was committed once the wall clock passed its interval");
    }

    @Test
    void anExistingObjectWithDifferentBytesIsAConflictNotAnOverwrite() {
        String name = new ObjectNamer("topics", "jsonl").name(TOPIC, "partition=0", 0, 0);
        bucket.storage().create(BlobInfo.newBuilder(BUCKET, name).build(), "other data\n".getBytes());
        GcsSinkTask task = task(new RecordingSinkTaskContext(Set.of(TP0), true), props("partitioner", "default", "flush.size", "5"));
        ObjectConflictException e = assertThrows(ObjectConflictException.class, () -> task.put(records(0, 0, 5)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals("other data\n", new String(bucket.storage().readAllBytes(BUCKET, name)));
    }

    @Test
    void overTheMemoryBudgetTheTaskPausesThenCommitsTheLargestPartitions() {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0, TP1), true);
        GcsSinkTask task = task(context, props("partitioner", "field", "partition.field.name", "id",
                "flush.size", "100000", "task.memory.max.bytes", Integer.toString(1024 * 1024)));
        putInBatches(task, 0, 0, 100, 100);
        assertEquals(Set.of(TP0, TP1), context.paused, "200 open files of 8 KiB each exceed 1 MiB");
        assertEquals(0, committed(task, TP0), "nothing committed beyond the first offset yet");
        task.put(List.of());
        assertTrue(context.paused.isEmpty(), "resumed after committing under pressure");
        assertExactlyOnce(stored("jsonl"), 100);
    }

    @Test
    void connectorFailsClearlyWhenTheBucketDoesNotExist() {
        GcsSinkConnector connector = new GcsSinkConnector();
        ConnectException e = assertThrows(ConnectException.class, () -> connector.start(props("gcs.bucket.name", "no-such-bucket")));
        assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
