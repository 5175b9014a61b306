package io.fleetml.connect.gcs;

import io.fleetml.testkit.gcs.EmulatedGcsBucket;

import java.util.HashMap;
import java.util.Map;

/**
 * The project's GCS emulator with the bucket the task-level tests write to, started before and stopped after each
 * test, and the sink settings that point a task at it.
 */
final class TestBucket extends EmulatedGcsBucket {
    static final String NAME = "training";

    TestBucket() {
        super(NAME);
    }

    /**
     * A JSONL sink partitioned by the field {@code region} into this bucket, failing fast on GCS errors, with
     * {@code overrides} as key/value pairs; a null value removes the setting.
     */
    Map<String, String> sinkProps(String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("gcs.bucket.name", NAME);
        props.put("gcs.endpoint", emulator().endpoint());
        props.put("gcs.retry.max.attempts", "3");
        props.put("gcs.retry.backoff.ms", "10");
        props.put("format", "jsonl");
        props.put("partitioner", "field");
        props.put("partition.field.name", "region");
        props.put("flush.size", "100");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                props.remove(overrides[i]);
            } else {
                props.put(overrides[i], overrides[i + 1]);
            }
        }
        return props;
    }

    /** Starts {@code task} in {@code context} and opens the context's partitions, as a worker does. */
    static GcsSinkTask started(GcsSinkTask task, RecordingSinkTaskContext context, Map<String, String> props) {
        task.initialize(context);
        task.start(props);
        task.open(context.assignment());
        return task;
    }
}
