package io.fleetml.connect.gcs;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message-identity deduplication against the project's GCS emulator: copies a source redelivered are skipped, and a
 * task that takes a partition over from a crashed one skips the same copies, so the objects come out byte for byte as
 * in a run without the crash.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeduplicationTest {
    private static final String BUCKET = TestBucket.NAME;
    private static final String TOPIC = "payments";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final String ID_HEADER = "pubsub.message.id";
    private static final Schema PAYMENT = SchemaBuilder.struct().name("payment")
            .field("id", Schema.STRING_SCHEMA).field("region", Schema.STRING_SCHEMA).field("amount", Schema.FLOAT64_SCHEMA).build();
    private static final Schema READING = SchemaBuilder.struct().name("reading")
            .field("id", Schema.STRING_SCHEMA).field("vin", Schema.STRING_SCHEMA).field("ts", Timestamp.builder().optional().build())
            .build();
    private static final String[] REGIONS = {"eu", "us", "apac"};

    @RegisterExtension
    final TestBucket bucket = new TestBucket();

    private Map<String, String> props(String... overrides) {
        String[] settings = {"flush.size", "10", "dedup.header", ID_HEADER, "dedup.window.records", "12"};
        String[] all = Arrays.copyOf(settings, settings.length + overrides.length);
        System.arraycopy(overrides, 0, all, settings.length, overrides.length);
        return bucket.sinkProps(all);
    }

    private static GcsSinkTask task(RecordingSinkTaskContext context, Map<String, String> props) {
        return TestBucket.started(new GcsSinkTask(), context, props);
    }

    /** Payment message {@code m} as the Pub/Sub source puts it into Kafka at {@code offset}. */
    private static SinkRecord payment(int m, long offset) {
        Struct value = new Struct(PAYMENT).put("id", "m" + m).put("region", REGIONS[m % 3]).put("amount", m * 1.5);
        return new SinkRecord(TOPIC, 0, null, null, PAYMENT, value, offset, 1_764_000_000_000L + m, TimestampType.CREATE_TIME,
                new ConnectHeaders().addString(ID_HEADER, "m" + m));
    }

    /**
     * A partition's log after redeliveries: after every 25th message the 8 before it come again, as when a source
     * worker dies before acking them. Every copy is 8 offsets after its original.
     */
    private static List<SinkRecord> redeliveredLog(int messages) {
        List<SinkRecord> log = new ArrayList<>();
        for (int m = 0; m < messages; m++) {
            log.add(payment(m, log.size()));
            if (m % 25 == 24) {
                for (int copy = m - 7; copy <= m; copy++) {
                    log.add(payment(copy, log.size()));
                }
            }
        }
        return log;
    }

    private static long committed(GcsSinkTask task) {
        OffsetAndMetadata offset = task.preCommit(Map.of()).get(TP);
        return offset == null ? -1 : offset.offset();
    }

    private Map<String, Integer> stored(String dir) {
        return StoredRecords.idCounts(bucket.storage(), BUCKET, dir + "/", "id");
    }

    /** The objects under {@code dir}, by name below it. */
    private Map<String, byte[]> objects(String dir) {
        Map<String, byte[]> objects = new TreeMap<>();
        bucket.emulator().objects(BUCKET).forEach((name, bytes) -> {
            if (name.startsWith(dir + "/")) {
                objects.put(name.substring(dir.length() + 1), bytes);
            }
        });
        return objects;
    }

    private static void assertEachMessageOnce(Map<String, Integer> counts, int messages) {
        for (int m = 0; m < messages; m++) {
            assertEquals(1, counts.getOrDefault("m" + m, 0), "message m" + m);
        }
        assertEquals(messages, counts.size());
    }

    @Test
    void copiesOfAMessageByItsHeaderAreSkipped() {
        List<SinkRecord> log = redeliveredLog(200);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask task = task(context, props());
        FaultedRuns.consume(TP, task, context, log, 0, log.size(), 30);
        assertEachMessageOnce(stored("topics"), 200);
        assertEquals(log.size(), committed(task), "copies after the last file move the committed offset on");
        assertEquals(64.0, context.metric("duplicates-skipped"));
        assertEquals(200.0, context.metric("records-written"));
        assertEquals(0.0, context.metric("records-without-identity"));
        task.stop();
    }

    @Test
    void copiesByFieldsAreSkippedWithinTheWindowOnlyAndRecordsWithoutIdentityAreWritten() {
        Date t1 = new Date(1_764_000_000_000L);
        Date t1AndAMillisecond = new Date(t1.getTime() + 1);
        Date t2 = new Date(t1.getTime() + 1000);
        List<SinkRecord> log = List.of(
                reading(0, "V1", t1),
                reading(1, "V2", t1),
                reading(2, "V1", t1),                // copy of offset 0
                reading(3, "V1", t1AndAMillisecond), // another reading, though Date.toString would not tell them apart
                reading(4, "V1", null),              // no identity: written
                reading(5, "V1", null),              // no identity: written again
                reading(6, "V1", t2),
                reading(7, "V1", t2),                // copy of offset 6
                reading(8, "V2", t1));               // copy of offset 1, but 7 offsets later with a window of 5
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask task = task(context, props("dedup.header", null, "dedup.fields", "vin,ts", "dedup.window.records", "5",
                "partitioner", "default", "flush.size", "1"));
        FaultedRuns.consume(TP, task, context, log, 0, log.size(), 4);
        assertEquals(Map.of("o0", 1, "o1", 1, "o3", 1, "o4", 1, "o5", 1, "o6", 1, "o8", 1), stored("topics"));
        assertEquals(2.0, context.metric("duplicates-skipped"));
        assertEquals(2.0, context.metric("records-without-identity"));
        assertEquals(9, committed(task));
        task.stop();
    }

    private static SinkRecord reading(long offset, String vin, Date ts) {
        Struct value = new Struct(READING).put("id", "o" + offset).put("vin", vin).put("ts", ts);
        return new SinkRecord(TOPIC, 0, null, null, READING, value, offset);
    }

    @Test
    void aTaskTakingOverAfterACrashRebuildsTheWindowAndWritesTheSameObjects() {
        List<SinkRecord> log = redeliveredLog(150);
        RecordingSinkTaskContext uninterruptedContext = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask uninterrupted = task(uninterruptedContext, props("topics.dir", "once"));
        FaultedRuns.consume(TP, uninterrupted, uninterruptedContext, log, 0, log.size(), 13);
        uninterrupted.stop();

        RecordingSinkTaskContext firstContext = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask first = task(firstContext, props("topics.dir", "crash"));
        FaultedRuns.consume(TP, first, firstContext, log, 0, 25, 25);
        long resume = committed(first);
        assertEquals(20, resume, "files are open from message 20 on");
        assertEquals("m17", ((Struct) log.get(25).value()).getString("id"),
                "offset 25 is a copy whose original (offset 17) is before the resume point, within the window");
        // The first task goes on committing objects past the offset Kafka has, then dies without closing.
        FaultedRuns.consume(TP, first, firstContext, log, 25, 110, 25);
        first.stop();

        RecordingSinkTaskContext secondContext = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask second = task(secondContext, props("topics.dir", "crash"));
        second.put(new ArrayList<>(log.subList((int) resume, (int) resume + 13)));
        assertEquals(resume - 12, secondContext.rewinds.remove(TP), "sent back a window's length before the resume point");
        assertTrue(second.preCommit(Map.of()).isEmpty(), "nothing is committed while the window is rebuilt");
        assertEquals(0.0, secondContext.metric("records-written"));
        List<Long> rewinds = FaultedRuns.consume(TP, second, secondContext, log, resume - 12, log.size(), 13);
        assertEquals(List.of(), rewinds, "one warm-up, no further rewinds");
        assertEquals(log.size(), committed(second));
        assertTrue(secondContext.metric("objects-already-present") > 0, "the replay met the first task's objects");

        Map<String, byte[]> once = objects("once");
        Map<String, byte[]> crashed = objects("crash");
        assertEquals(once.keySet(), crashed.keySet());
        once.forEach((name, bytes) -> assertArrayEquals(bytes, crashed.get(name), name));
        assertEachMessageOnce(stored("crash"), 150);
        second.stop();
    }

    /**
     * A GCS failure a window's length past the committed offset: the first pass had skipped the copy at offset 21 of the
     * message at 15, then moved on until 15 left its window. The replay from 20 must skip that copy again.
     */
    @Test
    void afterAGcsFailureTheReplayRebuildsTheWindowAndWritesTheSameObjects() {
        List<SinkRecord> log = new ArrayList<>();
        IntStream.rangeClosed(0, 20).forEach(m -> log.add(payment(m, log.size())));
        log.add(payment(15, log.size()));
        IntStream.rangeClosed(21, 39).forEach(m -> log.add(payment(m, log.size())));
        RecordingSinkTaskContext onceContext = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask once = task(onceContext, props("topics.dir", "once"));
        FaultedRuns.consume(TP, once, onceContext, log, 0, log.size(), 7);
        once.stop();

        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask task = task(context, props("topics.dir", "failed"));
        FaultedRuns.consume(TP, task, context, log, 0, 20, 20);
        assertEquals(20, committed(task));
        bucket.emulator().failNext(1_000, 503, request -> request.startsWith("POST /upload"));
        task.put(new ArrayList<>(log.subList(20, log.size())));
        assertEquals(8L, context.rewinds.remove(TP), "sent back a window's length before the committed offset 20");
        assertTrue(task.preCommit(Map.of()).isEmpty(), "nothing is committed while the window is rebuilt");
        bucket.emulator().failNext(0, 503, request -> true);
        assertEquals(List.of(), FaultedRuns.consume(TP, task, context, log, 8, log.size(), 7), "no further rewinds");
        assertEquals(log.size(), committed(task));
        assertEquals(1.0, context.metric("rewinds"));
        assertEquals(2.0, context.metric("duplicates-skipped"), "the copy of message 15, by the first pass and by the replay");

        Map<String, byte[]> uninterrupted = objects("once");
        Map<String, byte[]> replayed = objects("failed");
        assertEquals(uninterrupted.keySet(), replayed.keySet());
        uninterrupted.forEach((name, bytes) -> assertArrayEquals(bytes, replayed.get(name), name));
        assertEachMessageOnce(stored("failed"), 40);
        task.stop();
    }
}
