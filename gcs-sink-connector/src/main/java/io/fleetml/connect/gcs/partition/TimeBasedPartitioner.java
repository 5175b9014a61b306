package io.fleetml.connect.gcs.partition;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Directories by the record's time floored to {@code partition.duration.ms}, formatted with {@code path.format}, so
 * training data can be selected by event time ({@code dt=2026-11-24/hour=13}).
 */
public final class TimeBasedPartitioner implements Partitioner {
    private final DateTimeFormatter format;
    private final long durationMs;
    private final TimestampExtractor timestamps;

    public TimeBasedPartitioner(DateTimeFormatter format, long durationMs, TimestampExtractor timestamps) {
        this.format = format;
        this.durationMs = durationMs;
        this.timestamps = timestamps;
    }

    @Override
    public String encodePartition(SinkRecord record) {
        long ts = timestamps.timestamp(record);
        try {
            return format.format(Instant.ofEpochMilli(Math.floorDiv(ts, durationMs) * durationMs));
        } catch (DateTimeException e) {
            throw new DataException("record time " + ts + " cannot be written as path.format: " + e.getMessage());
        }
    }
}
