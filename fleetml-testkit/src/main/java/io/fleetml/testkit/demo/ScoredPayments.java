package io.fleetml.testkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows the scored payments topic as a downstream consumer would: what the running FraudScore did to each payment
 * (scored by which model version, flagged or not, or passed unscored), by payment id. The demo learns from it when the
 * new model is in use, and joins it with the simulator's ground truth at the end.
 */
final class ScoredPayments implements AutoCloseable {
    static final String SKIPPED_HEADER = "fraud_score_skipped";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the pipeline wrote for one payment; {@code modelVersion} is null when it passed unscored. */
    record Outcome(String modelVersion, boolean flagged, double score) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicReference<String> latestVersion = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this::run, "scored-payments-reader");
    private volatile boolean stopping;
    private volatile Map<TopicPartition, Long> positions = Map.of();

    ScoredPayments(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.setDaemon(true);
        thread.start();
    }

    long records() {
        return records.get();
    }

    long scored() {
        return scored.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** The model version of the newest scored payment, null while none was scored. */
    String latestVersion() {
        return latestVersion.get();
    }

    Map<String, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** Whether this reader has read everything before {@code endOffset} summed over the partitions. */
    boolean caughtUpTo(long endOffset) {
        rethrow();
        return positions.values().stream().mapToLong(Long::longValue).sum() >= endOffset;
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    read(record);
                }
                Map<TopicPartition, Long> now = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    now.put(partition, consumer.position(partition));
                }
                positions = now;
            }
        } catch (WakeupException e) {
            // close() asked this thread to stop.
        } catch (RuntimeException | IOException e) {
            failure.set(e);
        } finally {
            consumer.close();
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) throws IOException {
        records.incrementAndGet();
        if (record.value() == null) {
            return;
        }
        JsonNode value = JSON.readTree(record.value());
        String paymentId = value.path("payment_id").asText(null);
        if (paymentId == null) {
            throw new IllegalStateException("a record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " has no payment_id");
        }
        JsonNode version = value.get("fraud_model_version");
        if (version == null || version.isNull()) {
            if (record.headers().lastHeader(SKIPPED_HEADER) != null) {
                skipped.incrementAndGet();
            }
            outcomes.put(paymentId, new Outcome(null, false, Double.NaN));
            return;
        }
        scored.incrementAndGet();
        latestVersion.set(version.asText());
        outcomes.put(paymentId, new Outcome(version.asText(), value.path("fraud_flag").asBoolean(), value.path("fraud_score").asDouble()));
    }

    private void rethrow() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("reading the scored payments failed: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
