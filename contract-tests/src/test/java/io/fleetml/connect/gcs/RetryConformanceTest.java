package io.fleetml.connect.gcs;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * storage-testbench's retry-conformance scenarios for object creation ({@code storage.objects.insert}), each an
 * ordered list of the testbench's instructions run by the emulator's {@code retryTest}, driven through the task with the
 * real client: afterwards every instruction has struck, each record is stored once, the objects are byte for byte
 * those of an unfaulted run, the write metrics are the unfaulted run's and the client's own retries recovered without
 * a rewind.
 *
 * <p>The lists: the conformance suite's cases for a create with a precondition (the sink's {@code ifGenerationMatch=0})
 * — two 503s, two reset connections, a reset then a 503 — for a single-shot create and for the start of a resumable
 * upload; the testbench's resumable-upload faults (a 408, a 503 after N KiB of the upload, offsets chosen to fall on a
 * chunk boundary, inside a chunk and inside the final chunk of a 1.5 MiB file sent in 256 KiB chunks); a broken answer
 * to a single-shot create; and the final chunk's answer cut short
 * ({@code return-broken-stream-final-chunk-after-NB}, as the google-cloud-storage client's own tests use it).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetryConformanceTest {
    private static final TopicPartition TP0 = new TopicPartition("telemetry", 0);
    private static final String INSERT = "storage.objects.insert";
    /** About 20 KB: one single-shot create. */
    private static final int SMALL_FILE_RECORDS = 20;
    /** About 1.5 MiB: a resumable upload of six 256 KiB chunks. */
    private static final int LARGE_FILE_RECORDS = 1_500;
    private static final String PART_SIZE = Integer.toString(256 * 1024);

    @RegisterExtension
    final TestBucket bucket = new TestBucket();

    private static Stream<List<String>> preconditionedCreateCases() {
        return Stream.of(
                List.of("return-503", "return-503"),
                List.of("return-reset-connection", "return-reset-connection"),
                List.of("return-reset-connection", "return-503"));
    }

    static Stream<List<String>> singleShotScenarios() {
        return Stream.concat(preconditionedCreateCases(), Stream.of(List.of("return-broken-stream")));
    }

    static Stream<List<String>> resumableScenarios() {
        return Stream.concat(preconditionedCreateCases(), Stream.of(
                List.of("return-408"),
                List.of("return-503-after-256K"),
                List.of("return-503-after-300K", "return-408"),
                List.of("return-503-after-1400K"),
                List.of("return-broken-stream-final-chunk-after-10B"),
                List.of("return-reset-connection", "return-503-after-512K", "return-broken-stream-final-chunk-after-1B")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleShotScenarios")
    void aSingleShotCreateUnderTheScenarioStoresEachRecordOnceAsUnfaulted(List<String> instructions) {
        assertStoredOnceAsUnfaulted(instructions, SMALL_FILE_RECORDS);
        assertEquals(0, bucket.emulator().count("chunk"), "single-shot creates only");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resumableScenarios")
    void aResumableUploadUnderTheScenarioStoresEachRecordOnceAsUnfaulted(List<String> instructions) {
        assertStoredOnceAsUnfaulted(instructions, LARGE_FILE_RECORDS);
        assertTrue(bucket.emulator().count("chunk") >= 12, "six chunks a run: " + bucket.emulator().count("chunk"));
    }

    private void assertStoredOnceAsUnfaulted(List<String> instructions, int records) {
        RecordingSinkTaskContext clean = run("clean", records);
        bucket.emulator().retryTest(INSERT, instructions.toArray(String[]::new));
        RecordingSinkTaskContext faulted = run("faulted", records);

        assertEquals(List.of(), bucket.emulator().retryTestPending(INSERT), "every instruction struck");
        assertEquals(instructions.size(), bucket.emulator().count("fault"), "each struck once");
        FaultedRuns.assertSameObjects(bucket.storage(), TestBucket.NAME, "clean", "faulted");
        Map<String, Integer> stored = StoredRecords.idCounts(bucket.storage(), TestBucket.NAME, "faulted/", "id");
        assertEquals(records, stored.size());
        stored.forEach((id, copies) -> assertEquals(1, copies, id));
        for (String metric : FaultedRuns.WRITE_METRICS) {
            assertEquals(clean.metric(metric), faulted.metric(metric), metric);
        }
        assertEquals((double) records, faulted.metric("records-written"));
        assertEquals(0.0, faulted.metric("objects-already-present"), "its own object, found after a lost answer, is written");
        assertEquals(0.0, faulted.metric("rewinds"), "the client's retries recovered");
    }

    /** Writes the records in one file under {@code dir}, replaying from where the task rewinds, as a worker would. */
    private RecordingSinkTaskContext run(String dir, int count) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP0), true);
        GcsSinkTask task = TestBucket.started(new GcsSinkTask(), context, bucket.sinkProps("topics.dir", dir,
                "flush.size", Integer.toString(count), "gcs.part.size", PART_SIZE));
        List<SinkRecord> records = FaultedRuns.paddedRecords(TP0, count);
        FaultedRuns.consume(TP0, task, context, records, 0, count, count);
        assertEquals(count, task.preCommit(Map.of()).get(TP0).offset());
        task.stop();
        return context;
    }
}
