package io.fleetml.connect.gcs;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * What makes two records the same message although Kafka holds them at two offsets: the value of a header the source
 * sets once per message ({@code dedup.header}, e.g. Pub/Sub's {@code pubsub.message.id}), or the values of fields that
 * together identify it ({@code dedup.fields}, e.g. a vehicle's VIN pseudonym and the reading's time).
 */
@FunctionalInterface
interface MessageIdentity {
    /** The record's identity, or null when it has no header of that name, or a field is missing or null. */
    String of(SinkRecord record);

    /** The configured identity, or null when deduplication is off. */
    static MessageIdentity from(GcsSinkConfig config) {
        if (config.dedupHeader() != null) {
            return header(config.dedupHeader());
        }
        List<FieldPath> fields = config.dedupFields();
        return fields.isEmpty() ? null : fields(fields);
    }

    /**
     * A header's value as text. A binary one (from a byte-array header converter) is read byte for byte as ISO-8859-1:
     * as UTF-8, different invalid sequences would all read as U+FFFD and two binary ids as one.
     */
    static MessageIdentity header(String name) {
        return record -> {
            Header header = record.headers().lastWithName(name);
            if (header == null || header.value() == null) {
                return null;
            }
            return header.value() instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : text(header.value());
        };
    }

    /** Each value is prefixed with its length, so no two lists of values join to the same identity. */
    static MessageIdentity fields(List<FieldPath> fields) {
        return record -> {
            StringBuilder identity = new StringBuilder();
            for (FieldPath field : fields) {
                Object value = field.valueFrom(record.value());
                if (value == FieldPath.MISSING || value == null) {
                    return null;
                }
                String text = text(value);
                identity.append(text.length()).append(':').append(text);
            }
            return identity.toString();
        };
    }

    /**
     * A value as text that differs whenever the value does: bytes and dates have a toString that does not (a buffer's
     * names its position, a date's drops the milliseconds), and two different readings taken as one would lose one.
     */
    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Date date) {
            return Long.toString(date.getTime());
        }
        return value.toString();
    }
}
