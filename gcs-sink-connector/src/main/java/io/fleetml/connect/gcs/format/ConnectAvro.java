package io.fleetml.connect.gcs.format;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Connect schemas and values as Avro, for the Parquet and Avro formats: schemas are converted once per Connect schema,
 * and schemaless Maps are read against a declared Avro schema, with errors that name the field.
 */
final class ConnectAvro {
    private static final String NAMESPACE = "io.fleetml.gcs";
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<org.apache.kafka.connect.data.Schema, Schema> cache = new IdentityHashMap<>();

    Schema schemaOf(org.apache.kafka.connect.data.Schema connect) {
        return cache.computeIfAbsent(connect, s -> convert(s, avroName(s.name(), "Value")));
    }

    private static String avroName(String connectName, String fallback) {
        String base = connectName == null ? fallback : connectName.substring(connectName.lastIndexOf('.') + 1);
        String cleaned = base.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
    }

    private static Schema convert(org.apache.kafka.connect.data.Schema s, String recordName) {
        Schema plain = plain(s, recordName);
        return s.isOptional() ? Schema.createUnion(Schema.create(Schema.Type.NULL), plain) : plain;
    }

    private static Schema plain(org.apache.kafka.connect.data.Schema s, String recordName) {
        String logical = s.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            int scale = Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD));
            String precision = s.parameters().get("connect.decimal.precision");
            return LogicalTypes.decimal(precision == null ? 38 : Integer.parseInt(precision), scale).addToSchema(Schema.create(Schema.Type.BYTES));
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        return switch (s.type()) {
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case STRING -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case ARRAY -> Schema.createArray(convert(s.valueSchema(), recordName + "_item"));
            case MAP -> {
                if (s.keySchema().type() != org.apache.kafka.connect.data.Schema.Type.STRING) {
                    throw new DataException("maps with " + s.keySchema().type() + " keys cannot be written as Avro or Parquet");
                }
                yield Schema.createMap(convert(s.valueSchema(), recordName + "_value"));
            }
            case STRUCT -> {
                SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordName).namespace(NAMESPACE).fields();
                for (Field field : s.fields()) {
                    if (!AVRO_NAME.matcher(field.name()).matches()) {
                        throw new DataException("field '" + field.name() + "' of " + recordName + " is not a valid Avro or Parquet "
                                + "field name (letters, digits and '_', not starting with a digit); rename it with a "
                                + "ReplaceField transform");
                    }
                    Schema fieldSchema = convert(field.schema(), recordName + "_" + avroName(field.name(), "f"));
                    fields = field.schema().isOptional()
                            ? fields.name(field.name()).type(fieldSchema).withDefault(null)
                            : fields.name(field.name()).type(fieldSchema).noDefault();
                }
                yield fields.endRecord();
            }
        };
    }

    /** A Struct as a record of {@code schemaOf(struct.schema())}. */
    GenericRecord record(Struct struct) {
        return (GenericRecord) value(struct, schemaOf(struct.schema()), "");
    }

    /** A schemaless value read against a declared Avro record schema. */
    GenericRecord record(Object value, Schema declared) {
        return (GenericRecord) value(value, declared, "");
    }

    private static Object value(Object value, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            if (value == null) {
                return null;
            }
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return value(value, branch, path);
                }
            }
        }
        if (value == null) {
            throw new DataException("field '" + display(path) + "' is required but has no value");
        }
        if (schema.getLogicalType() != null) {
            return logical(value, schema, path);
        }
        switch (schema.getType()) {
            case RECORD:
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    Object fieldValue = field(value, field.name(), path);
                    record.put(field.pos(), value(fieldValue, field.schema(), join(path, field.name())));
                }
                return record;
            case ARRAY:
                List<Object> items = new ArrayList<>();
                List<?> list = expect(value, List.class, "an array", path);
                for (Object item : list) {
                    items.add(value(item, schema.getElementType(), path + "[]"));
                }
                return items;
            case MAP:
                Map<String, Object> map = new HashMap<>();
                Map<?, ?> entries = expect(value, Map.class, "a map", path);
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    map.put(String.valueOf(entry.getKey()), value(entry.getValue(), schema.getValueType(), join(path, String.valueOf(entry.getKey()))));
                }
                return map;
            case STRING:
                return expect(value, String.class, "a string", path);
            case BOOLEAN:
                return expect(value, Boolean.class, "a boolean", path);
            case BYTES:
                return value instanceof ByteBuffer buffer ? buffer : ByteBuffer.wrap(expect(value, byte[].class, "bytes", path));
            case INT:
                return (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
            case LONG:
                return integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
            case FLOAT:
                return expect(value, Number.class, "a number", path).floatValue();
            case DOUBLE:
                return expect(value, Number.class, "a number", path).doubleValue();
            default:
                throw new DataException("field '" + display(path) + "' has unsupported Avro type " + schema.getType());
        }
    }

    private static Object field(Object container, String name, String path) {
        if (container instanceof Struct struct) {
            return struct.schema().field(name) == null ? null : struct.get(name);
        }
        Map<?, ?> map = expect(container, Map.class, "an object", path);
        return map.get(name);
    }

    private static Object logical(Object value, Schema schema, String path) {
        String logical = schema.getLogicalType().getName();
        switch (logical) {
            case "decimal":
                BigDecimal decimal = value instanceof BigDecimal d ? d : new BigDecimal(expect(value, Number.class, "a number", path).toString());
                int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
                try {
                    return ByteBuffer.wrap(decimal.setScale(scale, java.math.RoundingMode.UNNECESSARY).unscaledValue().toByteArray());
                } catch (ArithmeticException e) {
                    throw new DataException("field '" + display(path) + "' has a decimal with scale " + decimal.scale()
                            + " that does not fit the schema's scale " + scale + " without rounding");
                }
            case "date":
                return value instanceof java.util.Date d ? (int) Math.floorDiv(d.getTime(), MILLIS_PER_DAY) : (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
            case "time-millis":
                return value instanceof java.util.Date d ? (int) Math.floorMod(d.getTime(), MILLIS_PER_DAY) : (int) integral(value, 0, MILLIS_PER_DAY, path);
            case "timestamp-millis":
                return value instanceof java.util.Date d ? d.getTime() : integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
            default:
                throw new DataException("field '" + display(path) + "' has unsupported logical type " + logical);
        }
    }

    private static long integral(Object value, long min, long max, String path) {
        Number number = expect(value, Number.class, "a number", path);
        if (number instanceof Double || number instanceof Float || number instanceof BigDecimal) {
            double d = number.doubleValue();
            if (d != Math.rint(d)) {
                throw new DataException("field '" + display(path) + "' must be a whole number");
            }
        }
        long l = number.longValue();
        if (l < min || l > max) {
            throw new DataException("field '" + display(path) + "' is out of range for its type");
        }
        return l;
    }

    private static <T> T expect(Object value, Class<T> type, String what, String path) {
        if (!type.isInstance(value)) {
            throw new DataException("field '" + display(path) + "' must be " + what + ", found " + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String display(String path) {
        return path.isEmpty() ? "(value)" : path;
    }
}
