package io.fleetml.connect.gcs;

import io.fleetml.testkit.gcs.EmulatedGcsBucket;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever request of an upload fails (the single-shot create, or any chunks of a resumable one), however (answer
 * lost after the server acted, 503 or dropped connection before, chunk saved in part), the objects are byte for byte
 * those of an unfaulted run and the metrics count each once.
 */
class FaultScriptProperties {
    private static final String BUCKET = "faults";
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int CHUNK = 256 * 1024;
    private static final String RANGE = " Content-Range: bytes ";
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final EmulatedGcsBucket GCS = new EmulatedGcsBucket(BUCKET);

    enum Fault { ANSWER_LOST, STATUS_503, DROPPED, SAVED_IN_PART }

    @BeforeContainer
    static void start() {
        GCS.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        GCS.close();
    }

    @Property(tries = 12)
    void anyScriptedFaultLeavesTheObjectsOfAnUnfaultedRun(@ForAll @IntRange(min = 50, max = 1_600) int records,
                                                          @ForAll Fault fault,
                                                          @ForAll @IntRange(min = 1, max = 127) int faultedRequests,
                                                          @ForAll @IntRange(min = 1, max = CHUNK - 1) int keptBytes) {
        int run = RUNS.incrementAndGet();
        Map<String, Double> clean = write("clean" + run, records);
        Predicate<String> script = firstAttemptOf(faultedRequests, fault != Fault.SAVED_IN_PART);
        switch (fault) {
            case ANSWER_LOST -> GCS.emulator().commitThenDropNext(Integer.MAX_VALUE, script);
            case STATUS_503 -> GCS.emulator().failNext(Integer.MAX_VALUE, 503, script);
            case DROPPED -> GCS.emulator().dropNextConnections(Integer.MAX_VALUE, script);
            case SAVED_IN_PART -> GCS.emulator().saveInPartThenFailNext(Integer.MAX_VALUE, keptBytes, 503, script);
        }
        Map<String, Double> faulted;
        try {
            faulted = write("faulted" + run, records);
        } finally {
            GCS.emulator().clearFaults();
        }
        assertEquals(clean, faulted);
        FaultedRuns.assertSameObjects(GCS.storage(), BUCKET, "clean" + run, "faulted" + run);
    }

    /**
     * The first attempt of each chosen request: bit 0 of {@code chosen} picks the single-shot create (when
     * {@code creates}), bit n the n-th chunk of a resumable upload, known by its last byte.
     */
    private static Predicate<String> firstAttemptOf(int chosen, boolean creates) {
        Set<Long> faulted = ConcurrentHashMap.newKeySet();
        return request -> {
            if (request.startsWith("POST /upload") && request.contains("uploadType=multipart")) {
                return creates && (chosen & 1) != 0 && faulted.add(-1L);
            }
            int range = request.indexOf(RANGE);
            int dash = range < 0 ? -1 : request.indexOf('-', range + RANGE.length());
            if (!request.startsWith("PUT /upload") || dash < 0) {
                return false;
            }
            long lastByte = Long.parseLong(request.substring(dash + 1, request.indexOf('/', dash)));
            long chunk = lastByte / CHUNK;
            return (chosen & (1 << Math.min(chunk + 1, 6))) != 0 && faulted.add(chunk);
        };
    }

    /** Writes the records in one file and returns the task's metrics. */
    private static Map<String, Double> write(String dir, int records) {
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(Set.of(TP), true);
        GcsSinkTask task = new GcsSinkTask();
        task.initialize(context);
        task.start(new HashMap<>(Map.of("gcs.bucket.name", BUCKET, "gcs.endpoint", GCS.emulator().endpoint(),
                "topics.dir", dir, "format", "jsonl", "partitioner", "default", "flush.size", Integer.toString(records),
                "gcs.part.size", Integer.toString(CHUNK), "gcs.retry.max.attempts", "3", "gcs.retry.backoff.ms", "10")));
        task.open(List.of(TP));
        task.put(FaultedRuns.paddedRecords(TP, records));
        assertEquals(records, task.preCommit(Map.of()).get(TP).offset());
        task.stop();
        Map<String, Double> metrics = new TreeMap<>();
        for (String metric : List.of("objects-written", "records-written", "bytes-written", "objects-already-present",
                "rewinds", "upload-failures")) {
            metrics.put(metric, context.metric(metric));
        }
        return metrics;
    }

}
