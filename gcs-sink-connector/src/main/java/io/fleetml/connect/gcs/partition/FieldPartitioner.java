package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;

/**
 * Directories named by field values, {@code <last step>=<value>} per field, e.g. {@code region=eu/category=fuel}. Values
 * are escaped so they cannot add path levels.
 */
public final class FieldPartitioner implements Partitioner {
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
            if (value instanceof Iterable<?> || value instanceof java.util.Map<?, ?> || value instanceof org.apache.kafka.connect.data.Struct) {
                throw new DataException("partition field '" + field + "' must be a primitive value, found " + value.getClass().getSimpleName());
            }
            if (path.length() > 0) {
                path.append('/');
            }
            List<String> steps = field.steps();
            path.append(steps.get(steps.size() - 1)).append('=').append(escape(value.toString()));
        }
        return path.toString();
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
