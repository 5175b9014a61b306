package io.fleetml.connect.gcs.partition;

import org.apache.kafka.connect.sink.SinkRecord;

/** One directory per Kafka partition: {@code partition=<n>}. */
public final class DefaultPartitioner implements Partitioner {
    @Override
    public String encodePartition(SinkRecord record) {
        return "partition=" + record.kafkaPartition();
    }
}
