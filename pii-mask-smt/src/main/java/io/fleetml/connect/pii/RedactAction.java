package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a value with an empty value of its own type, so the schema and downstream readers stay valid. Arrays and
 * maps are emptied whole: masking each element would still leak how many there were.
 */
final class RedactAction implements MaskAction {
    private final String replacement;
    private final PiiMaskMetrics.Counter redacted;

    RedactAction(String replacement, PiiMaskMetrics.Counter redacted) {
        this.replacement = replacement == null ? "" : replacement;
        this.redacted = redacted;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.REDACT_FIELDS_CONFIG;
    }

    @Override
    public ValuePlan plan(Schema schema, String path) {
        return ValuePlan.of(schema, value -> {
            redacted.add(1);
            return empty(schema);
        });
    }

    @Override
    public Object mask(Object value, String path) {
        Object empty = emptyLike(value, path);
        redacted.add(1);
        return empty;
    }

    private Object emptyLike(Object value, String path) {
        if (value instanceof String) {
            return replacement;
        }
        if (value instanceof Integer) {
            return 0;
        }
        if (value instanceof Long) {
            return 0L;
        }
        if (value instanceof Double) {
            return 0.0d;
        }
        if (value instanceof Float) {
            return 0.0f;
        }
        if (value instanceof Short) {
            return (short) 0;
        }
        if (value instanceof Byte) {
            return (byte) 0;
        }
        if (value instanceof Boolean) {
            return false;
        }
        if (value instanceof byte[]) {
            return new byte[0];
        }
        if (value instanceof ByteBuffer) {
            return ByteBuffer.allocate(0);
        }
        if (value instanceof BigDecimal decimal) {
            return BigDecimal.ZERO.setScale(decimal.scale());
        }
        if (value instanceof Date) {
            return new Date(0);
        }
        if (value instanceof List) {
            return new ArrayList<>();
        }
        if (value instanceof Map) {
            return new HashMap<>();
        }
        if (value instanceof Struct struct) {
            return empty(struct.schema());
        }
        throw new MaskException(path, configKey(), "unsupported type " + value.getClass().getSimpleName());
    }

    private Object empty(Schema schema) {
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return BigDecimal.ZERO.setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name())
                || org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(schema.name())
                || org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return new Date(0);
        }
        return switch (schema.type()) {
            case STRING -> replacement;
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0.0f;
            case FLOAT64 -> 0.0d;
            case BOOLEAN -> false;
            case BYTES -> new byte[0];
            case ARRAY -> new ArrayList<>();
            case MAP -> new HashMap<>();
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, empty(field.schema()));
                }
                yield struct;
            }
        };
    }
}
