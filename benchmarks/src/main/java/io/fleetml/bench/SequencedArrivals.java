package io.fleetml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads a topic until every benchmark message numbered from..from+count-1 (JSON values with a {@code seq} field) has
 * arrived, handing each first arrival to the caller: duplicates and foreign records (probes) are skipped, so an
 * at-least-once bridge is measured on what it delivered, once. Values are parsed rather than matched by prefix, because
 * transforms in a chain need not keep the field order.
 */
final class SequencedArrivals {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SequencedArrivals() {
    }

    /** {@code onFirst} gets the record and its parsed value. */
    static void await(String bootstrap, String topic, int from, int count, long timeoutMs,
                      BiConsumer<ConsumerRecord<byte[], byte[]>, JsonNode> onFirst) {
        boolean[] seen = new boolean[count];
        int distinct = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-" + topic + "-" + from, "auto.offset.reset", "earliest", "key.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer", "value.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (distinct < count) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + distinct + " of " + count + " messages reached " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = parse(record.value());
                    if (value == null || !value.has("seq")) {
                        continue;
                    }
                    int seq = value.get("seq").asInt() - from;
                    if (seq < 0 || seq >= count || seen[seq]) {
                        continue;
                    }
                    seen[seq] = true;
                    distinct++;
                    onFirst.accept(record, value);
                }
            }
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
