package io.fleetml.contract;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Plays Connect's poll loop for a source task under test, bounded in time. */
public final class SourceTaskPolling {
    private SourceTaskPolling() {
    }

    /** Polls until {@code count} records came, failing if they did not within {@code wait}. */
    public static List<SourceRecord> pollUntil(SourceTask task, int count, Duration wait) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
        }
        assertEquals(count, records.size(), "records polled within " + wait);
        return records;
    }
}
