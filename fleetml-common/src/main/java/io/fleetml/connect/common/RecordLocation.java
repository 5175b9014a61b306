package io.fleetml.connect.common;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Describes where a record sits (topic, partition and, for sink records, offset) for error messages. It deliberately
 * leaves out keys, values and source partitions, which may carry personal data such as a VIN in an MQTT topic.
 */
public final class RecordLocation {
    private RecordLocation() {
    }

    public static String of(ConnectRecord<?> record) {
        StringBuilder sb = new StringBuilder("topic '").append(record.topic()).append("' partition ").append(record.kafkaPartition());
        if (record instanceof SinkRecord sinkRecord) {
            sb.append(" offset ").append(sinkRecord.kafkaOffset());
        }
        return sb.toString();
    }
}
