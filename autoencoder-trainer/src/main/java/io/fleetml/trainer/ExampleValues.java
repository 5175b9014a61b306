package io.fleetml.trainer;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@code tf.train.Example} as the sink writes it back into a nested record: the sink flattens fields to dotted
 * feature names ({@code vehicle.location.lat}), so the names are split at the dots into nested maps again and the
 * same field paths work as on JSON Lines. Numbers come back as Doubles (float_list) or Longs (int64_list), text as
 * Strings; a feature of one value is that value, of several a list. The sink writes FLOAT64 fields as float_list, so
 * they arrive rounded to float precision, and booleans as int64 0/1.
 */
final class ExampleValues {
    private ExampleValues() {
    }

    /** The record of one serialized Example; {@code number} (from 1) names the record in errors. */
    static Map<String, Object> toRecord(long number, byte[] serialized) throws IOException {
        Example example;
        try {
            example = Example.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("record #" + number + ": not a tf.train.Example: " + e.getMessage(), e);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        // In name order a name comes before the names it prefixes ("a" before "a.b"), so a clash is always found
        // while walking down to "a.b", never when putting it.
        for (Map.Entry<String, Feature> feature : new TreeMap<>(example.getFeatures().getFeatureMap()).entrySet()) {
            Object value = value(feature.getValue());
            if (value != null) {
                put(record, feature.getKey(), value, number);
            }
        }
        return record;
    }

    private static Object value(Feature feature) {
        List<?> values = switch (feature.getKindCase()) {
            case FLOAT_LIST -> feature.getFloatList().getValueList().stream().map(Float::doubleValue).toList();
            case INT64_LIST -> feature.getInt64List().getValueList();
            case BYTES_LIST -> feature.getBytesList().getValueList().stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList();
            case KIND_NOT_SET -> List.of();
        };
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : new ArrayList<>(values);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> record, String name, Object value, long number) throws IOException {
        String[] steps = name.split("\\.", -1);
        Map<String, Object> parent = record;
        for (int i = 0; i < steps.length - 1; i++) {
            Object child = parent.computeIfAbsent(steps[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw clash(number, name, String.join(".", List.of(steps).subList(0, i + 1)));
            }
            parent = (Map<String, Object>) child;
        }
        parent.put(steps[steps.length - 1], value);
    }

    private static IOException clash(long number, String name, String prefix) {
        return new IOException("record #" + number + ": feature '" + name + "' cannot be nested back: '" + prefix
                + "' is both a value and a group of fields");
    }
}
