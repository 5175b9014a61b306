package io.fleetml.trainer;

import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Avro's generic values into what a JSON Lines record of the same data reads as, so features and field paths
 * work alike on every format: records and maps become {@link Map}s with String keys, strings and enum symbols
 * Strings, decimals {@link java.math.BigDecimal}s; timestamps, dates and times stay the numbers Avro stores.
 */
final class AvroValues {
    private static final Conversions.DecimalConversion DECIMAL = new Conversions.DecimalConversion();

    private AvroValues() {
    }

    static Object toJava(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> toJava(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field field : schema.getFields()) {
                    fields.put(field.name(), toJava(record.get(field.pos()), field.schema()));
                }
                yield fields;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> entries.put(k.toString(), toJava(v, schema.getValueType())));
                yield entries;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(toJava(item, schema.getElementType()));
                }
                yield items;
            }
            case STRING, ENUM -> value.toString();
            case BYTES -> isDecimal(schema)
                    ? DECIMAL.fromBytes(((ByteBuffer) value).duplicate(), schema, schema.getLogicalType())
                    : bytes((ByteBuffer) value);
            case FIXED -> isDecimal(schema)
                    ? DECIMAL.fromFixed((GenericFixed) value, schema, schema.getLogicalType())
                    : ((GenericFixed) value).bytes().clone();
            default -> value;
        };
    }

    private static boolean isDecimal(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        return logical instanceof LogicalTypes.Decimal;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
