package io.fleetml.connect.gcs;

import java.util.concurrent.atomic.AtomicLong;

/** What a task has done, logged when it stops: objects and bytes written, records reported bad, tombstones skipped, rewinds. */
final class SinkMetrics {
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong rewinds = new AtomicLong();

    void objectWritten(long size) {
        objects.incrementAndGet();
        bytes.addAndGet(size);
    }

    void recordReported() {
        reported.incrementAndGet();
    }

    void tombstoneSkipped() {
        tombstones.incrementAndGet();
    }

    void rewound() {
        rewinds.incrementAndGet();
    }

    @Override
    public String toString() {
        return objects + " objects, " + bytes + " bytes written; " + reported + " bad records reported; " + tombstones
                + " tombstones skipped; " + rewinds + " rewinds after GCS failures";
    }
}
