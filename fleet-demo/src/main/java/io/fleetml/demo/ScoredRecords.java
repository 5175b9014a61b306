package io.fleetml.demo;

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
import java.util.function.Function;

/**
 * Follows a scored topic as a downstream consumer would: what a running FraudScore did to each record (scored by which
 * model version, flagged or not, or passed unscored), by the record's identity. The demo learns from it when a new
 * model is in use, and joins it with the simulator's ground truth at the end.
 */
final class ScoredRecords implements AutoCloseable {
    static final String SKIPPED_HEADER = "fraud_score_skipped";

    /** The value fields a FraudScore instance writes. */
    record Fields(String score, String flag, String modelVersion) {
        static final Fields FRAUD = new Fields("fraud_score", "fraud_flag", "fraud_model_version");
        static final Fields ANOMALY = new Fields("anomaly_score", "anomaly_flag", "anomaly_model_version");
    }
    private static final Duration POLL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the pipeline wrote for one record; {@code modelVersion} is null when it passed unscored. */
    record Outcome(String modelVersion, boolean flagged, double score) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Function<JsonNode, String> identity;
    private final Fields fields;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicReference<String> latestVersion = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Map<TopicPartition, Long> positions = Map.of();

    /** @param identity the record's identity from its value; null when the value has none */
    ScoredRecords(KafkaConsumer<byte[], byte[]> consumer, String topic, Function<JsonNode, String> identity, Fields fields) {
        this.consumer = consumer;
        this.identity = identity;
        this.fields = fields;
        this.thread = new Thread(this::run, topic + "-reader");
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.setDaemon(true);
        thread.start();
    }

    long scored() {
        return scored.get();
    }

    long skipped() {
        return skipped.get();
    }

    /** The model version of the newest scored record, null while none was scored. */
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
        if (record.value() == null) {
            return;
        }
        JsonNode value = JSON.readTree(record.value());
        String id = identity.apply(value);
        if (id == null) {
            throw new IllegalStateException("a record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " has no identity");
        }
        JsonNode version = value.get(fields.modelVersion());
        if (version == null || version.isNull()) {
            if (record.headers().lastHeader(SKIPPED_HEADER) != null) {
                skipped.incrementAndGet();
            }
            outcomes.put(id, new Outcome(null, false, Double.NaN));
            return;
        }
        scored.incrementAndGet();
        latestVersion.set(version.asText());
        outcomes.put(id, new Outcome(version.asText(), value.path(fields.flag()).asBoolean(), value.path(fields.score()).asDouble()));
    }

    private void rethrow() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("reading " + partitions.get(0).topic() + " failed: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
