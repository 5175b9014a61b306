package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GCS stores an object and its answer is lost (the connection drops, or a 5xx comes back): the client's retry of the
 * create-only request meets its own object with 412 {@code conditionNotMet}. The sink recognises it, counts it as
 * written, and the objects are byte for byte those of an unfaulted run. Reading the object back to compare it can
 * fail too, and is then a store failure like any other.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LostAnswersTest {
    private static final TopicPartition TP0 = new TopicPartition("telemetry", 0);
    private static final Predicate<String> UPLOADS = request -> request.startsWith("POST /upload");
    private static final Predicate<String> OBJECT_READS = request -> request.startsWith("GET /storage/v1/b/" + TestBucket.NAME + "/o/");

    @RegisterExtension
    final TestBucket bucket = new TestBucket();

    private GcsSinkTask task(RecordingSinkTaskContext context, String dir, String... overrides) {
        List<String> settings = new ArrayList<>(List.of("topics.dir", dir, "flush.size", "2"));
        settings.addAll(List.of(overrides));
        return TestBucket.started(new GcsSinkTask(), context, bucket.sinkProps(settings.toArray(String[]::new)));
    }

    private static List<SinkRecord> records(int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = 0; offset < count; offset++) {
            records.add(new SinkRecord(TP0.topic(), 0, null, null, null,
                    Map.of("id", "0-" + offset, "region", offset % 2 == 0 ? "eu" : "us"), offset));
        }
        return records;
    }

    private void assertSameObjects(String expectedDir, String actualDir) {
        FaultedRuns.assertSameObjects(bucket.storage(), TestBucket.NAME, expectedDir, actualDir);
    }

    private RecordingSinkTaskContext unfaultedRun(String dir, List<SinkRecord> records) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, dir);
        task.put(records);
        task.stop();
        return context;
    }

    private void assertCountedAsWritten(RecordingSinkTaskContext context, RecordingSinkTaskContext unfaulted) {
        for (String metric : FaultedRuns.WRITE_METRICS) {
            assertEquals(unfaulted.metric(metric), context.metric(metric), metric);
        }
        assertEquals(0.0, context.metric("objects-already-present"));
        assertEquals(0.0, context.metric("rewinds"));
    }

    @Test
    void aCreateStoredWhileItsConnectionDroppedCountsAsWrittenOnce() {
        RecordingSinkTaskContext unfaulted = unfaultedRun("clean", records(4));
        bucket.emulator().commitThenDropNext(2, UPLOADS);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "faulted");
        task.put(records(4));
        assertEquals(4, task.preCommit(Map.of()).get(TP0).offset());
        assertCountedAsWritten(context, unfaulted);
        assertEquals(4.0, context.metric("records-written"));
        assertSameObjects("clean", "faulted");
        task.stop();
    }

    @Test
    void aCreateStoredWhileA503CameBackCountsAsWrittenOnce() {
        RecordingSinkTaskContext unfaulted = unfaultedRun("clean", records(4));
        bucket.emulator().commitThenFailNext(2, 503, UPLOADS);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "faulted");
        task.put(records(4));
        assertEquals(4, task.preCommit(Map.of()).get(TP0).offset());
        assertCountedAsWritten(context, unfaulted);
        assertSameObjects("clean", "faulted");
        task.stop();
    }

    @Test
    void aReplayThatFindsAnEarlierUploadsObjectCountsItAsAlreadyPresent() {
        unfaultedRun("dir", records(4));
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask replay = task(context, "dir");
        replay.put(records(4));
        assertEquals(4.0, context.metric("objects-already-present"));
        assertEquals(0.0, context.metric("objects-written"));
        assertEquals(0.0, context.metric("records-written"));
        replay.stop();
    }

    @Test
    void aDeniedReadBackStopsTheTaskNamingThePermission() {
        unfaultedRun("dir", records(2));
        bucket.emulator().denyObjectReads(true);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask replay = task(context, "dir", "flush.size", "1");
        ConnectException e = assertThrows(ConnectException.class, () -> replay.put(records(1)));
        assertTrue(e.getMessage().contains("403") && e.getMessage().contains("storage.objects.get")
                && e.getMessage().contains(TestBucket.NAME), e.getMessage());
        assertEquals(1.0, context.metric("upload-failures"));
    }

    @Test
    void aFailingReadBackIsRetriedLikeAnyStoreFailure() {
        unfaultedRun("dir", records(2));
        // More 503s than the client's own attempts, so the first commit fails and the partition rewinds.
        bucket.emulator().failNext(3, 503, OBJECT_READS);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask replay = task(context, "dir", "flush.size", "1");
        replay.put(records(1));
        assertEquals(1.0, context.metric("rewinds"));
        assertEquals(1.0, context.metric("upload-failures"));
        replay.put(records(1));
        assertEquals(1, replay.preCommit(Map.of()).get(TP0).offset());
        assertEquals(1.0, context.metric("objects-already-present"));
        replay.stop();
    }

    @Test
    void a412ForAnotherReasonThanConditionNotMetIsAStoreFailureNotAnExistingObject() {
        bucket.emulator().failNext(1, 412, "invalid", UPLOADS);
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = task(context, "dir", "flush.size", "1");
        task.put(records(1));
        assertEquals(1.0, context.metric("rewinds"));
        assertEquals(0.0, context.metric("objects-already-present"));
        task.put(records(1));
        assertEquals(1, task.preCommit(Map.of()).get(TP0).offset());
        assertEquals(1.0, context.metric("objects-written"));
        task.stop();
    }
}
