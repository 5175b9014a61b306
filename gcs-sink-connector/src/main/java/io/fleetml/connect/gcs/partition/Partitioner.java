package io.fleetml.connect.gcs.partition;

import org.apache.kafka.connect.sink.SinkRecord;

/** Chooses the directory (the encoded partition, e.g. {@code region=eu/dt=2026-11-24/hour=13}) a record is written under. */
public interface Partitioner {
    /** The directory path of the record, without leading or trailing slash; a {@code DataException} for a bad record. */
    String encodePartition(SinkRecord record);
}
