package io.fleetml.connect.gcs;

import io.fleetml.connect.common.metrics.PluginGauges;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a task has done, published as plugin metrics and logged when it stops. Objects count once, when this task made
 * them visible, also when GCS stored one while its answer was lost and the retry found it; an object a replay (after a
 * rewind or a restart) finds already in GCS with the same bytes counts as already present instead, so no object is
 * counted as written twice.
 */
final class SinkMetrics {
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong alreadyPresent = new AtomicLong();
    private final AtomicLong uploadFailures = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong rewinds = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong withoutIdentity = new AtomicLong();

    void register(PluginMetrics metrics) {
        new PluginGauges(metrics)
                .add("objects-written", "Objects this task created in GCS, including those whose create answer was "
                        + "lost and that a retry found stored.", objects::get)
                .add("bytes-written", "Bytes of the objects this task created.", bytes::get)
                .add("records-written", "Records in the objects this task created.", records::get)
                .add("objects-already-present", "Objects a replay wrote again and found in GCS with the same bytes, so they "
                        + "were left as they were.", alreadyPresent::get)
                .add("upload-failures", "Uploads that failed after the GCS client's own retries: a finished object's, or "
                        + "a part of a large object's while it streams. Each leads to a rewind.", uploadFailures::get)
                .add("rewinds", "Times a partition abandoned its open files and went back to its committed offset after "
                        + "a GCS failure.", rewinds::get)
                .add("records-reported", "Records that could not be written (bad field for the partitioner or the format) "
                        + "and went to the errant record reporter.", reported::get)
                .add("tombstones-skipped", "Records with a null value skipped under behavior.on.null.values=ignore.",
                        tombstones::get)
                .add("duplicates-skipped", "Records skipped as copies of a message: a record at one of the "
                        + "dedup.window.records preceding offsets of the partition had the same identity.", duplicates::get)
                .add("records-without-identity", "Records written although deduplication is on and they lack the "
                        + "dedup.header header or a dedup.fields value, so they could not be checked for copies.",
                        withoutIdentity::get);
    }

    void objectWritten(int recordCount, long size) {
        objects.incrementAndGet();
        records.addAndGet(recordCount);
        bytes.addAndGet(size);
    }

    void objectAlreadyPresent() {
        alreadyPresent.incrementAndGet();
    }

    void uploadFailed() {
        uploadFailures.incrementAndGet();
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

    void duplicateSkipped() {
        duplicates.incrementAndGet();
    }

    void recordWithoutIdentity() {
        withoutIdentity.incrementAndGet();
    }

    @Override
    public String toString() {
        return objects + " objects (" + records + " records, " + bytes + " bytes) written; " + alreadyPresent
                + " already present; " + uploadFailures + " upload failures; " + rewinds + " rewinds after GCS failures; "
                + reported + " bad records reported; " + tombstones + " tombstones skipped; " + duplicates
                + " duplicates skipped; " + withoutIdentity + " records without identity";
    }
}
