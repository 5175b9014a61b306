package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files of about 1.5 MiB streamed as resumable uploads in 256 KiB chunks, with a fault on the first attempt of every
 * chunk request (the final one included): the client's own retries recover each, and the objects are byte for byte
 * those of an unfaulted run, each record once, counted once.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResumableUploadFaultsTest {
    private static final TopicPartition TP0 = new TopicPartition("telemetry", 0);
    private static final int RECORDS = 1_500;
    private static final String PART_SIZE = Integer.toString(256 * 1024);
    private static final String RANGE = " Content-Range: bytes ";

    @RegisterExtension
    final TestBucket bucket = new TestBucket();

    /**
     * The first request carrying each chunk (known by its last byte, which a resend of its unsaved rest shares); the
     * client's status queries and resends pass.
     */
    private static Predicate<String> firstAttemptOfEveryChunk() {
        Set<String> faulted = ConcurrentHashMap.newKeySet();
        return request -> {
            int range = request.indexOf(RANGE);
            int dash = range < 0 ? -1 : request.indexOf('-', range + RANGE.length());
            return request.startsWith("PUT /upload") && dash >= 0 && faulted.add(request.substring(dash));
        };
    }

    private RecordingSinkTaskContext run(String dir) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), context, bucket.sinkProps("topics.dir", dir,
                "flush.size", Integer.toString(RECORDS), "gcs.part.size", PART_SIZE));
        task.put(FaultedRuns.paddedRecords(TP0, RECORDS));
        assertEquals(RECORDS, task.preCommit(Map.of()).get(TP0).offset());
        task.stop();
        return context;
    }

    private void assertSameAsUnfaulted(RecordingSinkTaskContext faulted) {
        RecordingSinkTaskContext clean = run("clean");
        FaultedRuns.assertSameObjects(bucket.storage(), TestBucket.NAME, "clean", "faulted");
        assertTrue(FaultedRuns.objects(bucket.storage(), TestBucket.NAME, "clean").values().iterator().next().length > 1_400_000,
                "the file spans several 256 KiB chunks");
        for (String metric : FaultedRuns.WRITE_METRICS) {
            assertEquals(clean.metric(metric), faulted.metric(metric), metric);
        }
        assertEquals((double) RECORDS, faulted.metric("records-written"));
        assertEquals(0.0, faulted.metric("objects-already-present"));
        assertEquals(0.0, faulted.metric("rewinds"));
        assertTrue(bucket.emulator().count("fault") >= 6, "a fault on each of the six chunks");
    }

    @Test
    void everyChunkSavedWithItsAnswerLostIncludingTheFinalOne() {
        bucket.emulator().commitThenDropNext(Integer.MAX_VALUE, firstAttemptOfEveryChunk());
        assertSameAsUnfaulted(run("faulted"));
    }

    @Test
    void everyChunkAnswered503BeforeItIsSaved() {
        bucket.emulator().failNext(Integer.MAX_VALUE, 503, firstAttemptOfEveryChunk());
        assertSameAsUnfaulted(run("faulted"));
    }

    @Test
    void everyChunkDroppedBeforeItIsSaved() {
        bucket.emulator().dropNextConnections(Integer.MAX_VALUE, firstAttemptOfEveryChunk());
        assertSameAsUnfaulted(run("faulted"));
    }

    @Test
    void everyChunkSavedInPartThenAnswered503() {
        bucket.emulator().saveInPartThenFailNext(Integer.MAX_VALUE, 100_000, 503, firstAttemptOfEveryChunk());
        assertSameAsUnfaulted(run("faulted"));
    }

    @Test
    void aChunkStalledPastTheSessionsLifetimeRestartsTheUploadAndStoresEachRecordOnce() {
        RecordingSinkTaskContext clean = run("clean");
        // GCS keeps a session a week; a short one lets a stalled chunk outlive it within a test.
        bucket.emulator().sessionLifetime(Duration.ofSeconds(3));
        bucket.emulator().delayNext(1, Duration.ofMillis(3_500),
                request -> request.startsWith("PUT /upload") && request.contains(RANGE + (2 * 256 * 1024) + "-"));
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), context, bucket.sinkProps("topics.dir", "faulted",
                "flush.size", Integer.toString(RECORDS), "gcs.part.size", PART_SIZE));
        List<Long> rewinds = FaultedRuns.consume(TP0, task, context, FaultedRuns.paddedRecords(TP0, RECORDS), 0, RECORDS, RECORDS);
        assertEquals(RECORDS, task.preCommit(Map.of()).get(TP0).offset());
        task.stop();

        assertEquals(List.of(0L), rewinds, "the expired session's file written again from its first offset");
        assertEquals(1, bucket.emulator().count("fault"), "the third chunk stalled");
        FaultedRuns.assertSameObjects(bucket.storage(), TestBucket.NAME, "clean", "faulted");
        StoredRecords.idCounts(bucket.storage(), TestBucket.NAME, "faulted/", "id")
                .forEach((id, copies) -> assertEquals(1, copies, id));
        for (String metric : FaultedRuns.WRITE_METRICS) {
            assertEquals(clean.metric(metric), context.metric(metric), metric);
        }
        assertEquals(1.0, context.metric("upload-failures"));
    }
}
