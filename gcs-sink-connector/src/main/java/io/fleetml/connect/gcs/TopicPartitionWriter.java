package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.partition.Partitioner;
import io.fleetml.connect.gcs.partition.TimestampExtractor;
import io.fleetml.connect.gcs.storage.ObjectConflictException;
import io.fleetml.connect.gcs.storage.ObjectStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The state machine of one Kafka partition: records go into the open file of their directory; all open files of the
 * partition are committed together (flush size, file size, record-time interval, schema change, idle or scheduled
 * rotation), and only then does the partition's committable offset move past them. Because files start and end at
 * offsets that depend only on the records, a replay from the committed offset rewrites the same objects.
 *
 * <p>The objects of a commit finish their uploads in parallel on the task's upload threads; a partition with many
 * directories, or keys and headers beside its values, would otherwise wait for one small upload after another.
 *
 * <p>When GCS fails beyond the client's retries, the open files are abandoned and the consumer is rewound to the
 * committed offset, so no record is lost and none is written twice.
 *
 * <p>Which delivered records it handles at all, and which are redelivered copies to skip like tombstones, its
 * {@link ReplayGuard} decides; the guard also keeps the committed offset the writer moves forward.
 */
final class TopicPartitionWriter {
    private static final Logger log = LoggerFactory.getLogger(TopicPartitionWriter.class);

    private final TopicPartition tp;
    private final GcsSinkConfig config;
    private final Partitioner partitioner;
    private final TimestampExtractor timestamps;
    private final RecordFiles recordFiles;
    private final ObjectStore store;
    private final SinkTaskContext context;
    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final ExecutorService uploader;
    private final ReplayGuard replay;
    private final StoreOutage outage;

    private final Map<String, OpenFile> files = new LinkedHashMap<>();
    private long lastOffset = -1;
    private int batchRecords;
    private long batchFirstTimestamp = Long.MIN_VALUE;
    private long nextScheduledRotation = Long.MIN_VALUE;

    TopicPartitionWriter(TopicPartition tp, GcsSinkConfig config, Partitioner partitioner, TimestampExtractor timestamps,
                         RecordFiles recordFiles, ObjectStore store, SinkTaskContext context,
                         ErrantRecordReporter reporter, SinkMetrics metrics, ExecutorService uploader, MessageIdentity identity,
                         StoreOutage outage) {
        this.tp = tp;
        this.config = config;
        this.partitioner = partitioner;
        this.timestamps = timestamps;
        this.recordFiles = recordFiles;
        this.store = store;
        this.context = context;
        this.reporter = reporter;
        this.metrics = metrics;
        this.uploader = uploader;
        this.outage = outage;
        this.replay = new ReplayGuard(tp, identity, config.dedupWindowRecords(), this::skipsNull, context, metrics);
    }

    /** Called at the start of every {@code put}: records delivered after a rewind come from the rewound position. */
    void startPut() {
        replay.startPut();
    }

    void write(SinkRecord record) {
        if (!replay.admits(record)) {
            return;
        }
        if (skipsNull(record)) {
            if (config.nullValues() == GcsSinkConfig.NullValueBehavior.FAIL) {
                throw new ConnectException("tombstone (null value) at " + location(record) + " and behavior.on.null.values=fail");
            }
            metrics.tombstoneSkipped();
            skip(record);
            return;
        }
        if (replay.isCopy(record)) {
            metrics.duplicateSkipped();
            skip(record);
            return;
        }
        String directory;
        long timestamp;
        List<SinkRecord> views;
        try {
            directory = partitioner.encodePartition(record);
            timestamp = config.rotateIntervalMs() > 0 ? timestamps.timestamp(record) : 0;
            views = recordFiles.views(record);
        } catch (DataException e) {
            reportBadRecord(record, e);
            return;
        }
        if (needsRotationBefore(directory, record, views, timestamp) && !commit("before " + location(record))) {
            return;
        }
        OpenFile file = files.get(directory);
        boolean opened = file == null;
        try {
            if (opened) {
                file = recordFiles.open(store, tp, directory, record, views);
                files.put(directory, file);
            }
            file.write(record, views);
        } catch (DataException e) {
            if (opened && file != null) {
                // A file must not start with a record that was never written: its name would claim that offset.
                file.abort();
                files.remove(directory);
            }
            reportBadRecord(record, e);
            return;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ObjectConflictException conflict) {
                throw conflict;
            }
            if (e instanceof OpenFile.OutOfLine outOfLine) {
                // Not a store failure: rewinding would write the same record the same way again.
                throw outOfLine;
            }
            metrics.uploadFailed();
            rewind(e);
            return;
        }
        if (batchRecords == 0) {
            batchFirstTimestamp = timestamp;
        }
        batchRecords++;
        lastOffset = record.kafkaOffset();
        if (batchRecords >= config.flushSize() || file.bytes() >= config.fileMaxBytes()) {
            commit("rotation");
        }
    }

    /** Re-reading the offsets before the one the partition resumes at; nothing is written meanwhile. */
    boolean warmingUp() {
        return replay.warmingUp();
    }

    /** Time-driven rotation, checked on every put (also empty ones) so idle partitions are committed too. */
    void tick(long nowMs) {
        // A rewind abandons the open files, so a rewinding partition has none to rotate.
        if (files.isEmpty()) {
            return;
        }
        long schedule = config.rotateScheduleIntervalMs();
        if (schedule > 0) {
            if (nextScheduledRotation == Long.MIN_VALUE) {
                nextScheduledRotation = (Math.floorDiv(nowMs, schedule) + 1) * schedule;
            } else if (nowMs >= nextScheduledRotation) {
                nextScheduledRotation = (Math.floorDiv(nowMs, schedule) + 1) * schedule;
                commit("scheduled rotation");
                return;
            }
        }
        long interval = config.rotateIntervalMs();
        if (interval > 0 && nowMs >= batchFirstTimestamp + interval) {
            commit("idle rotation");
        }
    }

    /** The offset up to which every record is in a committed object, or deliberately skipped. */
    OptionalLong committableOffset() {
        return replay.committableOffset();
    }

    long bufferedBytes() {
        long total = 0;
        for (OpenFile file : files.values()) {
            total += file.bufferedBytes();
        }
        return total;
    }

    int openFiles() {
        return files.size();
    }

    /** Commits the open files now, when the task must free memory; the files end earlier than their rotation rules say. */
    void commitUnderMemoryPressure() {
        if (!files.isEmpty()) {
            log.warn("{}: committing {} open files early because the task is over {}={}; these file boundaries depend on memory, "
                    + "not only on the records", tp, files.size(), GcsSinkConfig.MEMORY_CONFIG, config.memoryBudget());
            commit("memory pressure");
        }
    }

    /** Abandons the open files without committing them (partition revoked, task stopping): the next owner replays them. */
    void close() {
        files.values().forEach(OpenFile::abort);
        files.clear();
        batchRecords = 0;
    }

    private boolean skipsNull(SinkRecord record) {
        return record.value() == null && config.nullValues() != GcsSinkConfig.NullValueBehavior.WRITE;
    }

    private boolean needsRotationBefore(String directory, SinkRecord record, List<SinkRecord> views, long timestamp) {
        if (batchRecords == 0) {
            return false;
        }
        if (config.rotateIntervalMs() > 0 && timestamp - batchFirstTimestamp >= config.rotateIntervalMs()) {
            return true;
        }
        OpenFile file = files.get(directory);
        return file != null && file.needsNewFileFor(record, views);
    }

    /** Commits the open files; false when GCS failed and the partition is rewinding instead. */
    private boolean commit(String reason) {
        long started = System.nanoTime();
        List<OpenFile> committing = new ArrayList<>(files.values());
        List<Future<Runnable>> uploads = new ArrayList<>(committing.size());
        for (OpenFile file : committing) {
            for (Callable<Runnable> upload : file.commits(metrics)) {
                uploads.add(uploader.submit(upload));
            }
        }
        Exception failure = null;
        for (Future<Runnable> upload : uploads) {
            try {
                upload.get().run();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ObjectConflictException)) {
                    metrics.uploadFailed();
                }
                failure = failure == null ? (Exception) e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("interrupted while committing files of " + tp, e);
            }
        }
        if (failure instanceof ObjectConflictException conflict) {
            throw conflict;
        }
        if (failure != null) {
            rewind(failure);
            return false;
        }
        log.debug("{}: committed {} objects up to offset {} ({}) in {} ms", tp, committing.size(), lastOffset, reason,
                (System.nanoTime() - started) / 1_000_000);
        files.clear();
        batchRecords = 0;
        outage.recovered();
        replay.committedUpTo(lastOffset + 1);
        // Committing the offset right away rather than at the next offset.flush.interval.ms leaves, outside a re-read
        // for deduplication (which holds the task's commits back), at most this one set of objects ahead of Kafka's
        // offset when the worker dies; its replay starts at the same records and so overwrites them under the same
        // names even where rotation depends on the wall clock.
        context.requestCommit();
        return true;
    }

    private void skip(SinkRecord record) {
        lastOffset = record.kafkaOffset();
        if (files.isEmpty()) {
            replay.committedUpTo(lastOffset + 1);
        }
    }

    private void reportBadRecord(SinkRecord record, DataException e) {
        if (reporter == null) {
            throw new ConnectException("bad record at " + location(record) + ": " + e.getMessage(), e);
        }
        metrics.recordReported();
        reporter.report(record, new DataException("bad record at " + location(record) + ": " + e.getMessage(), e));
        skip(record);
    }

    private void rewind(Exception cause) {
        outage.failed(cause);
        log.warn("{}: writing to GCS failed ({}); abandoning {} open files and rewinding to offset {}", tp, cause.toString(),
                files.size(), replay.committableOffset().getAsLong());
        metrics.rewound();
        close();
        replay.rewind();
        context.timeout(config.retryBackoffMs());
    }

    static String location(SinkRecord record) {
        return "topic '" + record.topic() + "' partition " + record.kafkaPartition() + " offset " + record.kafkaOffset();
    }
}
