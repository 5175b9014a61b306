package io.fleetml.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads a topic until every benchmark message numbered from..from+count-1 (payloads starting {@code {"seq":N,}) has
 * arrived, handing each first arrival to the caller: duplicates and foreign records (probes) are skipped, so an
 * at-least-once bridge is measured on what it delivered, once.
 */
final class SequencedArrivals {
    private static final String PREFIX = "{\"seq\":";

    private SequencedArrivals() {
    }

    /** {@code onFirst} gets the record and its payload as text. */
    static void await(String bootstrap, String topic, int from, int count, long timeoutMs,
                      BiConsumer<ConsumerRecord<byte[], byte[]>, String> onFirst) {
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
                    String value = new String(record.value(), StandardCharsets.US_ASCII);
                    if (!value.startsWith(PREFIX)) {
                        continue;
                    }
                    int seq = Integer.parseInt(value.substring(PREFIX.length(), value.indexOf(','))) - from;
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
}
