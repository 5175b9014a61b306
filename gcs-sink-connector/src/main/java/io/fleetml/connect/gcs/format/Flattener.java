package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flattens a Struct or Map value into dotted column names ({@code location.lat}), for the columnar-by-name formats
 * (CSV columns, TFRecord features). Struct fields keep their schema order; Map keys are sorted, so the columns of
 * schemaless records do not depend on map iteration order.
 */
final class Flattener {
    private Flattener() {
    }

    static Map<String, Object> flatten(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", value, out);
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> out) {
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                flatten(join(prefix, field.name()), struct.get(field), out);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, ?> entry : new TreeMap<>(stringKeys(map)).entrySet()) {
                flatten(join(prefix, entry.getKey()), entry.getValue(), out);
            }
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, value);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keys = new LinkedHashMap<>();
        map.forEach((k, v) -> keys.put(String.valueOf(k), v));
        return keys;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
