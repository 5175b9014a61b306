package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A setting whose value names one constant of an enum: the validator accepts the names in any case, the recommender
 * lists them for UIs, and {@link #parse} gives the constant, so the code compares constants rather than strings. A
 * constant is named by {@link Named#settingValue()} where the enum implements it, else by its name in lower case.
 */
public final class EnumSetting<E extends Enum<E>> {
    /** For enums whose setting values are not their names in lower case, such as Confluent's {@code RecordField}. */
    public interface Named {
        String settingValue();
    }

    private final Map<String, E> byKey = new LinkedHashMap<>();
    private final List<String> values;

    private EnumSetting(Collection<E> constants) {
        for (E constant : constants) {
            byKey.put(key(valueOf(constant)), constant);
        }
        values = constants.stream().map(EnumSetting::valueOf).toList();
    }

    public static <E extends Enum<E>> EnumSetting<E> of(Class<E> type) {
        return new EnumSetting<>(EnumSet.allOf(type));
    }

    /** A setting that names one of {@code constants} only, where a setting offers part of an enum shared with another. */
    public static <E extends Enum<E>> EnumSetting<E> of(EnumSet<E> constants) {
        return new EnumSetting<>(constants);
    }

    /** How the setting names {@code constant}. */
    public static String valueOf(Enum<?> constant) {
        return constant instanceof Named named ? named.settingValue() : constant.name().toLowerCase(Locale.ROOT);
    }

    public ConfigDef.Validator validator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || !byKey.containsKey(key(value.toString()))) {
                throw new ConfigException(name, value, "must be one of " + String.join(", ", values));
            }
        }, () -> String.join(", ", values));
    }

    public ConfigDef.Recommender recommender() {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return List.copyOf(values);
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }

    /** The constant a validated value names. */
    public E parse(String value) {
        E constant = byKey.get(key(value));
        if (constant == null) {
            throw new IllegalArgumentException("'" + value + "' is none of " + values);
        }
        return constant;
    }

    private static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
