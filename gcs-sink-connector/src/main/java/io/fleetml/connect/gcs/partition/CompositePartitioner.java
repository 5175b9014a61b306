package io.fleetml.connect.gcs.partition;

import org.apache.kafka.connect.sink.SinkRecord;

/** Field directories first, then time directories: {@code region=eu/dt=2026-11-24/hour=13}. */
public final class CompositePartitioner implements Partitioner {
    private final Partitioner outer;
    private final Partitioner inner;

    public CompositePartitioner(Partitioner outer, Partitioner inner) {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public String encodePartition(SinkRecord record) {
        return outer.encodePartition(record) + "/" + inner.encodePartition(record);
    }
}
