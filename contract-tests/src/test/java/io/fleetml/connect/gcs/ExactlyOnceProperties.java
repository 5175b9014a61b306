package io.fleetml.connect.gcs;

import io.fleetml.testkit.gcs.EmulatedGcsBucket;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever the layout, batch sizes and crash point, the objects in GCS hold exactly the records below the committed
 * offset, each once: a task dies after some puts, and a new one replays from an offset it had committed earlier.
 */
class ExactlyOnceProperties {
    private static final String BUCKET = "props";
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final EmulatedGcsBucket GCS = new EmulatedGcsBucket(BUCKET);

    @BeforeContainer
    static void start() {
        GCS.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        GCS.close();
    }

    @Property(tries = 25)
    void objectsHoldExactlyTheCommittedRecordsOnce(@ForAll @IntRange(min = 1, max = 400) int records,
                                                   @ForAll @IntRange(min = 1, max = 60) int flushSize,
                                                   @ForAll @IntRange(min = 1, max = 6) int directories,
                                                   @ForAll @IntRange(min = 1, max = 97) int batch,
                                                   @ForAll @IntRange(min = 0, max = 100) int crashPercent,
                                                   @ForAll boolean keys) {
        String dir = "run" + RUNS.incrementAndGet();
        Map<String, String> props = new HashMap<>(Map.of("gcs.bucket.name", BUCKET, "gcs.endpoint", GCS.emulator().endpoint(),
                "topics.dir", dir, "format", "jsonl", "partitioner", "field", "partition.field.name", "d",
                "flush.size", Integer.toString(flushSize)));
        if (keys) {
            props.put("store.kafka.keys", "true");
            props.put("keys.format", "json");
        }
        int crashAt = records * crashPercent / 100;
        GcsSinkTask first = task(props);
        long snapshot = 0;
        for (int from = 0; from < crashAt; from += batch) {
            first.put(records(from, Math.min(from + batch, crashAt), directories));
            if (from < crashAt / 2) {
                snapshot = committed(first, snapshot);
            }
        }
        // stop() discards open files as a crash would, and frees the first task's client and threads
        first.stop();
        GcsSinkTask second = task(props);
        long committed = snapshot;
        for (long from = snapshot; from < records; from += batch) {
            second.put(records((int) from, (int) Math.min(from + batch, records), directories));
            committed = committed(second, committed);
        }
        Map<String, Integer> counts = StoredRecords.idCounts(GCS.storage(), BUCKET, dir + "/", "id");
        for (long offset = 0; offset < committed; offset++) {
            assertEquals(1, counts.getOrDefault(Long.toString(offset), 0), "offset " + offset);
        }
        assertEquals(committed, counts.size(), "no record beyond the committed offset is in GCS");
        if (keys) {
            assertKeysLineUpWithValues(dir);
        }
        second.stop();
    }

    /** Every values' object has its keys' object beside it, holding the key of each of its records in its order. */
    private static void assertKeysLineUpWithValues(String dir) {
        Map<String, byte[]> objects = GCS.emulator().objects(BUCKET);
        List<String> values = objects.keySet().stream().filter(name -> name.startsWith(dir + "/") && name.endsWith(".jsonl")).toList();
        List<String> keys = objects.keySet().stream().filter(name -> name.startsWith(dir + "/") && name.endsWith(".keys.json")).toList();
        assertEquals(values.size(), keys.size(), "one keys' object per values' object");
        for (String name : values) {
            String keysName = name.substring(0, name.length() - ".jsonl".length()) + ".keys.json";
            List<String> expected = StoredRecords.ids(name, objects.get(name), "id").stream().map(id -> "\"k" + id + "\"").toList();
            assertEquals(expected, new String(objects.get(keysName), StandardCharsets.UTF_8).lines().toList(), keysName);
        }
    }

    private static GcsSinkTask task(Map<String, String> props) {
        GcsSinkTask task = new GcsSinkTask();
        task.initialize(new RecordingSinkTaskContext(Set.of(TP), true));
        task.start(props);
        task.open(List.of(TP));
        return task;
    }

    private static long committed(GcsSinkTask task, long previous) {
        OffsetAndMetadata offset = task.preCommit(Map.of()).get(TP);
        return offset == null ? previous : Math.max(previous, offset.offset());
    }

    private static List<SinkRecord> records(int from, int to, int directories) {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = from; offset < to; offset++) {
            records.add(new SinkRecord(TP.topic(), 0, Schema.STRING_SCHEMA, "k" + offset, null,
                    Map.of("id", Integer.toString(offset), "d", "d" + (offset * 31 % directories)), offset));
        }
        return records;
    }
}
