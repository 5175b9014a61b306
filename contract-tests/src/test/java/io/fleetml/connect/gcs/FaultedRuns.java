package io.fleetml.connect.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the tests of the sink under GCS faults share: records big enough for a file to span resumable chunks, delivery
 * as a worker does it (rewinds included), and the comparison of what a faulted run stored with an unfaulted run's
 * objects.
 */
final class FaultedRuns {
    /** The metrics that count what reached GCS, which a faulted run must report as an unfaulted one does. */
    static final List<String> WRITE_METRICS = List.of("objects-written", "records-written", "bytes-written");

    private FaultedRuns() {
    }

    /** {@code count} records of about 1 KB each (an id, the region "eu" and random letters), the same for a count. */
    static List<SinkRecord> paddedRecords(TopicPartition tp, int count) {
        Random random = new Random(count);
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = 0; offset < count; offset++) {
            StringBuilder pad = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                pad.append((char) ('a' + random.nextInt(26)));
            }
            records.add(new SinkRecord(tp.topic(), tp.partition(), null, null, null,
                    Map.of("id", tp.partition() + "-" + offset, "region", "eu", "pad", pad.toString()), offset));
        }
        return records;
    }

    /**
     * Delivers {@code log[from, to)} of {@code tp} in batches the way a worker does: when a put asks for a rewind, the
     * next put starts at that offset. Returns the offsets the task asked for, in order.
     */
    static List<Long> consume(TopicPartition tp, GcsSinkTask task, RecordingSinkTaskContext context, List<SinkRecord> log,
                              long from, long to, int batch) {
        List<Long> rewinds = new ArrayList<>();
        long position = from;
        while (position < to) {
            List<SinkRecord> records = log.subList((int) position, (int) Math.min(position + batch, to));
            task.put(new ArrayList<>(records));
            Long rewind = context.rewinds.remove(tp);
            if (rewind != null) {
                rewinds.add(rewind);
            }
            position = rewind != null ? rewind : position + records.size();
        }
        return rewinds;
    }

    /** The objects under {@code dir}, by name below it, read back through the client. */
    static Map<String, byte[]> objects(Storage storage, String bucket, String dir) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(dir + "/")).iterateAll()) {
            objects.put(blob.getName().substring(dir.length()), storage.readAllBytes(blob.getBlobId()));
        }
        return objects;
    }

    /** The objects under {@code actualDir} have the names and bytes of those under {@code expectedDir}. */
    static void assertSameObjects(Storage storage, String bucket, String expectedDir, String actualDir) {
        Map<String, byte[]> expected = objects(storage, bucket, expectedDir);
        Map<String, byte[]> actual = objects(storage, bucket, actualDir);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }
}
