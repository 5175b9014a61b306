package io.fleetml.bench;

import io.fleetml.connect.gcs.GcsSinkTask;
import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormat;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.gcs.format.RecordWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.io.OutputStream;
import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One measured side of {@link GcsSinkThroughput}, in its own JVM so its heap is its own: consumes the topic, converts
 * with JsonConverter, and either runs a {@link GcsSinkTask} that uploads to the emulator and commits the offsets it
 * returns from {@code preCommit} (the sink), or encodes the same records in the same format into memory and drops them
 * (the baseline). Prints one line: mode, records, seconds, encoded bytes, peak live heap bytes (after a collection).
 */
public final class SinkRun {
    private SinkRun() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        int records = Integer.parseInt(args[3]);
        Map<String, String> sinkProps = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            sinkProps.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + mode + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Side side = "sink".equals(mode) ? new SinkSide(sinkProps, tp, consumer) : new BaselineSide(sinkProps);
            LiveHeap liveHeap = new LiveHeap();
            long started = System.nanoTime();
            int seen = 0;
            while (!side.done(records)) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                List<SinkRecord> converted = new ArrayList<>(batch.count());
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    SchemaAndValue value = converter.toConnectData(topic, record.value());
                    converted.add(new SinkRecord(topic, record.partition(), null, null, value.schema(), value.value(), record.offset()));
                }
                seen += converted.size();
                side.put(converted);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("RESULT %s %d %.3f %d %d%n", mode, seen, seconds, side.bytes(), liveHeap.peak);
            side.close();
        }
    }

    /** The most heap still in use right after a collection: what the run needed, not garbage waiting to be collected. */
    private static final class LiveHeap implements NotificationListener {
        private final Set<String> heapPools = new HashSet<>();
        private volatile long peak;

        LiveHeap() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
                peak = Math.max(peak, used);
            }
        }
    }

    private interface Side {
        void put(List<SinkRecord> records);

        boolean done(int records);

        long bytes();

        void close();
    }

    /** The sink task as a worker runs it: put, then commit what preCommit returns. */
    private static final class SinkSide implements Side, SinkTaskContext {
        private final GcsSinkTask task = new GcsSinkTask();
        private final Metrics metrics = new Metrics();
        private final TopicPartition tp;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long committed;

        SinkSide(Map<String, String> props, TopicPartition tp, KafkaConsumer<byte[], byte[]> consumer) {
            this.tp = tp;
            this.consumer = consumer;
            task.initialize(this);
            task.start(props);
            task.open(List.of(tp));
        }

        @Override
        public void put(List<SinkRecord> records) {
            task.put(records);
            Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(Map.of());
            if (!offsets.isEmpty() && offsets.get(tp).offset() > committed) {
                consumer.commitSync(offsets);
                committed = offsets.get(tp).offset();
            }
        }

        @Override
        public boolean done(int records) {
            return committed >= records;
        }

        @Override
        public long bytes() {
            return -1;
        }

        @Override
        public void close() {
            task.stop();
            metrics.close();
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            offsets.forEach(consumer::seek);
        }

        @Override
        public void offset(TopicPartition partition, long offset) {
            consumer.seek(partition, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(tp);
        }

        @Override
        public void pause(TopicPartition... partitions) {
            consumer.pause(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            consumer.resume(List.of(partitions));
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return null;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return new PluginMetricsImpl(metrics, Map.of("connector", "sink-run", "task", "0"));
        }
    }

    /**
     * The limit the sink can approach: the same records encoded in the same format per directory, in files that end
     * where the sink's end (every flush.size records), kept nowhere.
     */
    private static final class BaselineSide implements Side {
        private final RecordFormat format;
        private final String field;
        private final int flushSize;
        private final Map<Object, RecordWriter> writers = new HashMap<>();
        private final CountingSink out = new CountingSink();
        private int seen;
        private int sinceRotation;

        BaselineSide(Map<String, String> props) {
            format = RecordFormats.create(props.get("format"), props.getOrDefault("format.compression", ""),
                    new FormatOptions(props.get("format.avro.schema"), 4 * 1024 * 1024, 64 * 1024, true));
            field = props.get("partition.field.name");
            flushSize = Integer.parseInt(props.get("flush.size"));
        }

        @Override
        public void put(List<SinkRecord> records) {
            try {
                for (SinkRecord record : records) {
                    if (sinceRotation++ == flushSize) {
                        close();
                        sinceRotation = 1;
                    }
                    Object directory = ((Map<?, ?>) record.value()).get(field);
                    RecordWriter writer = writers.get(directory);
                    if (writer == null) {
                        writer = format.newWriter(out.stream(), record.valueSchema());
                        writers.put(directory, writer);
                    }
                    writer.write(record);
                }
                seen += records.size();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean done(int records) {
            if (seen < records) {
                return false;
            }
            close();
            return true;
        }

        @Override
        public long bytes() {
            return out.total;
        }

        @Override
        public void close() {
            try {
                for (RecordWriter writer : writers.values()) {
                    writer.close();
                }
                writers.clear();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Counts bytes and drops them. */
    private static final class CountingSink {
        long total;

        OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    total++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    total += len;
                }
            };
        }
    }
}
