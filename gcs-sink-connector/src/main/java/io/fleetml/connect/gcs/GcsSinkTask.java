package io.fleetml.connect.gcs;

import com.google.cloud.storage.Storage;
import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.gcp.GcsSettings;
import io.fleetml.connect.common.metrics.TaskPluginMetrics;
import io.fleetml.connect.gcs.partition.CompositePartitioner;
import io.fleetml.connect.gcs.partition.DefaultPartitioner;
import io.fleetml.connect.gcs.partition.FieldPartitioner;
import io.fleetml.connect.gcs.partition.Partitioner;
import io.fleetml.connect.gcs.partition.TimeBasedPartitioner;
import io.fleetml.connect.gcs.partition.TimestampExtractor;
import io.fleetml.connect.gcs.storage.ObjectStore;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Writes the records of its partitions to GCS through one {@link TopicPartitionWriter} each, reports to Kafka only the
 * offsets of data already in committed objects, and keeps the memory of open files within the task's budget.
 */
public class GcsSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(GcsSinkTask.class);

    private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();
    private final LongSupplier clock;
    private final SinkMetrics metrics = new SinkMetrics();
    private TaskPluginMetrics pluginMetrics;
    private GcsSinkConfig config;
    private Storage storage;
    private ObjectStore store;
    private RecordFiles recordFiles;
    private Partitioner partitioner;
    private TimestampExtractor timestamps;
    private ErrantRecordReporter reporter;
    private MessageIdentity identity;
    private boolean paused;
    private ExecutorService uploader;

    public GcsSinkTask() {
        this(System::currentTimeMillis);
    }

    GcsSinkTask(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new GcsSinkConfig(props);
        storage = GcsSettings.client(config);
        store = new ObjectStore(storage, config.bucket(), config.partSize(), config.deterministic());
        recordFiles = RecordFiles.of(config);
        timestamps = TimestampExtractor.of(config.timestampSource(), config.timestampField(), clock);
        partitioner = partitioner(config, timestamps);
        reporter = errantRecordReporter();
        identity = MessageIdentity.from(config);
        pluginMetrics = TaskPluginMetrics.of(context);
        metrics.register(pluginMetrics.metrics());
        uploader = Executors.newFixedThreadPool(config.uploadThreads(), runnable -> {
            Thread thread = new Thread(runnable, "gcs-sink-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Partitioner partitioner(GcsSinkConfig config, TimestampExtractor timestamps) {
        return switch (config.partitioner()) {
            case FIELD -> new FieldPartitioner(config.partitionFields());
            case TIME -> {
                Partitioner time = new TimeBasedPartitioner(config.pathFormat(), config.partitionDurationMs(), timestamps);
                yield config.partitionFields().isEmpty() ? time : new CompositePartitioner(new FieldPartitioner(config.partitionFields()), time);
            }
            case DEFAULT -> new DefaultPartitioner();
        };
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            writers.put(tp, new TopicPartitionWriter(tp, config, partitioner, timestamps, recordFiles, store, context, reporter,
                    metrics, uploader, identity, new StoreOutage(tp, store, config.maxOutageMs(), clock)));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        writers.values().forEach(TopicPartitionWriter::startPut);
        for (SinkRecord record : records) {
            TopicPartitionWriter writer = writers.get(new TopicPartition(record.topic(), record.kafkaPartition()));
            if (writer != null) {
                writer.write(record);
            }
        }
        long now = clock.getAsLong();
        writers.values().forEach(writer -> writer.tick(now));
        enforceMemoryBudget(records.isEmpty());
    }

    /**
     * Over budget, the task first pauses its partitions so no new files open; if a put later finds it still over budget,
     * it commits the partitions holding the most memory.
     */
    private void enforceMemoryBudget(boolean idlePut) {
        long budget = config.memoryBudget();
        long resumeBelow = budget * 3 / 4;
        long buffered = bufferedBytes();
        if (buffered > budget) {
            if (!paused) {
                log.warn("Open files hold {} bytes, over {}={}; pausing partitions until files are committed", buffered,
                        GcsSinkConfig.MEMORY_CONFIG, budget);
                context.pause(context.assignment().toArray(TopicPartition[]::new));
                paused = true;
            } else if (idlePut) {
                List<TopicPartitionWriter> largest = new ArrayList<>(writers.values());
                largest.sort(Comparator.comparingLong(TopicPartitionWriter::bufferedBytes).reversed());
                for (TopicPartitionWriter writer : largest) {
                    if (bufferedBytes() <= resumeBelow) {
                        break;
                    }
                    writer.commitUnderMemoryPressure();
                }
            }
        }
        if (paused && bufferedBytes() <= resumeBelow) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            paused = false;
        }
    }

    private long bufferedBytes() {
        long total = 0;
        for (TopicPartitionWriter writer : writers.values()) {
            total += writer.bufferedBytes();
        }
        return total;
    }

    /**
     * While a partition re-reads the offsets before its committed one, the worker takes the offset it was sent back to
     * as that partition's last commit and would commit it along with any other partition's progress, moving the
     * committed offset back into data already in GCS. Committing nothing until the window is rebuilt keeps it in place.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (writers.values().stream().anyMatch(TopicPartitionWriter::warmingUp)) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        writers.forEach((tp, writer) -> writer.committableOffset().ifPresent(offset -> committable.put(tp, new OffsetAndMetadata(offset))));
        return committable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = writers.remove(tp);
            if (writer != null) {
                writer.close();
            }
        }
    }

    @Override
    public void stop() {
        writers.values().forEach(TopicPartitionWriter::close);
        writers.clear();
        if (uploader != null) {
            uploader.shutdownNow();
        }
        if (storage != null) {
            try {
                storage.close();
            } catch (Exception e) {
                log.debug("closing the GCS client failed", e);
            }
        }
        if (pluginMetrics != null) {
            pluginMetrics.close();
            pluginMetrics = null;
        }
        log.info("GCS sink task stopped: {}", metrics);
    }
}
