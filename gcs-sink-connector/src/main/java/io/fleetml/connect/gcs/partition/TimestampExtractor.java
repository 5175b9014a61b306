package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.function.LongSupplier;

/** Where a record's time comes from: its Kafka timestamp, an event-time field, or the wall clock. */
public interface TimestampExtractor {
    /** The record's time in epoch milliseconds; a record without a usable time fails with a {@link DataException}. */
    long timestamp(SinkRecord record);

    static TimestampExtractor of(TimestampSource source, FieldPath field, LongSupplier clock) {
        return switch (source) {
            case RECORD -> TimestampExtractor::kafkaTimestamp;
            case RECORD_FIELD -> record -> fieldTimestamp(record, field);
            case WALLCLOCK -> record -> clock.getAsLong();
        };
    }

    private static long kafkaTimestamp(SinkRecord record) {
        if (record.timestamp() == null) {
            throw new DataException("record has no Kafka timestamp; use timestamp.extractor=RecordField or Wallclock");
        }
        return record.timestamp();
    }

    private static long parseIso(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
    }

    private static long fieldTimestamp(SinkRecord record, FieldPath field) {
        Object value = field.valueFrom(record.value());
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (value instanceof String text) {
            try {
                return parseIso(text);
            } catch (DateTimeParseException e) {
                throw new DataException("timestamp field '" + field + "' is not ISO-8601 text");
            } catch (ArithmeticException e) {
                throw new DataException("timestamp field '" + field + "' is outside the range of epoch milliseconds");
            }
        }
        throw new DataException(value == FieldPath.MISSING || value == null
                ? "record has no timestamp field '" + field + "'"
                : "timestamp field '" + field + "' is a " + value.getClass().getSimpleName()
                        + ", expected epoch milliseconds, ISO-8601 text or a Connect Timestamp");
    }
}
