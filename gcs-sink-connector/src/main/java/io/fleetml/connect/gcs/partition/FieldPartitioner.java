package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Directories named by field values, {@code <last step>=<value>} per field, e.g. {@code region=eu/category=fuel}. Values
 * are escaped so they cannot add path levels, and written the same way on every worker, so a replay names the same
 * objects: numbers and booleans as Java prints them, decimals without exponent, bytes as unpadded base64url, Connect's
 * Date, Time and Timestamp as ISO-8601 instants in UTC.
 */
public final class FieldPartitioner implements Partitioner {
    /**
     * Longest encoded value, in UTF-8 bytes: GCS object names hold at most 1,024, and the topic, other fields and the
     * file name need room too.
     */
    static final int MAX_VALUE_BYTES = 256;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final List<FieldPath> fields;

    public FieldPartitioner(List<FieldPath> fields) {
        this.fields = List.copyOf(fields);
    }

    @Override
    public String encodePartition(SinkRecord record) {
        StringBuilder path = new StringBuilder();
        for (FieldPath field : fields) {
            Object value = field.valueFrom(record.value());
            if (value == FieldPath.MISSING || value == null) {
                throw new DataException("record has no value for partition field '" + field + "'");
            }
            String encoded = escape(text(field, value));
            int bytes = encoded.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw new DataException("partition field '" + field + "' is " + bytes + " bytes long in an object name, over "
                        + MAX_VALUE_BYTES);
            }
            if (path.length() > 0) {
                path.append('/');
            }
            List<String> steps = field.steps();
            path.append(steps.get(steps.size() - 1)).append('=').append(encoded);
        }
        return path.toString();
    }

    private static String text(FieldPath field, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float || value instanceof Double) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return BASE64URL.encodeToString(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return BASE64URL.encodeToString(bytes);
        }
        if (value instanceof Date date) {
            return Instant.ofEpochMilli(date.getTime()).toString();
        }
        throw new DataException("partition field '" + field + "' must be a string, number, boolean, bytes or Connect "
                + "date/time value, found " + value.getClass().getSimpleName());
    }

    /** Keeps a value on one path level and readable: '/' and '%' are percent-encoded, like Hive partition values. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '%' || c == '\n' || c == '\r') {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.isEmpty() ? "%00" : out.toString();
    }
}
