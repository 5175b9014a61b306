package io.fleetml.connect.common;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A path to a field of a record, parsed once at configuration time with Kafka's KIP-821 conventions, so every plugin
 * of the bundle reads {@code driver.email} the way Kafka's own transforms do.
 *
 * <p>{@link FieldSyntax#V1}: the whole text is one top-level field name. {@link FieldSyntax#V2}: steps
 * separated by dots; a step wrapped in backticks may contain dots (for example {@code `geo.lat`}), and a backtick
 * inside a wrapped step is written {@code \`}.
 */
public final class FieldPath {
    private static final char DOT = '.';
    private static final char BACKTICK = '`';
    private static final char BACKSLASH = '\\';

    /** What {@link #valueFrom(Object)} returns for a path the record does not have. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final String text;
    private final List<String> steps;

    private FieldPath(String text, List<String> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses {@code text}; {@code configKey} names the setting it came from, so a malformed path fails with a message
     * that points at the right key.
     */
    public static FieldPath parse(String text, FieldSyntax version, String configKey) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(configKey, text, "a field path must not be empty");
        }
        List<String> steps = version == FieldSyntax.V1 ? List.of(text) : parseV2(text, configKey);
        for (String step : steps) {
            if (step.isEmpty()) {
                throw new ConfigException(configKey, text, "field path has an empty step (two dots in a row, or a leading or trailing dot)");
            }
        }
        return new FieldPath(text, steps);
    }

    /** The path of a whole key or value rather than a field in it, written {@code text} by the user. */
    public static FieldPath whole(String text) {
        return new FieldPath(text, List.of());
    }

    public boolean isWhole() {
        return steps.isEmpty();
    }

    private static List<String> parseV2(String text, String configKey) {
        List<String> steps = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (true) {
            int stepEnd;
            if (text.charAt(i) == BACKTICK) {
                StringBuilder step = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new ConfigException(configKey, text, "backtick opened at position " + i + " is never closed");
                    }
                    char c = text.charAt(j);
                    if (c == BACKSLASH && j + 1 < n && text.charAt(j + 1) == BACKTICK) {
                        step.append(BACKTICK);
                        j += 2;
                    } else if (c == BACKTICK && (j + 1 == n || text.charAt(j + 1) == DOT)) {
                        break;
                    } else {
                        step.append(c);
                        j++;
                    }
                }
                steps.add(step.toString());
                stepEnd = j + 1;
            } else {
                int dot = text.indexOf(DOT, i);
                stepEnd = dot < 0 ? n : dot;
                steps.add(text.substring(i, stepEnd));
            }
            if (stepEnd >= n) {
                return steps;
            }
            i = stepEnd + 1;
            if (i == n) {
                steps.add("");
                return steps;
            }
        }
    }

    /**
     * The value this path names in a record value (a Struct or a Map, nested as deep as the path goes), or
     * {@link #MISSING} when a step is absent; a present field holding null gives {@code null}.
     */
    public Object valueFrom(Object root) {
        Object current = root;
        // One lookup per step on the usual path: scoring SMTs call this for dozens of fields of every record.
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(step);
                if (field == null) {
                    return MISSING;
                }
                current = struct.get(field);
            } else if (current instanceof Map<?, ?> map) {
                Object value = map.get(step);
                if (value == null && !map.containsKey(step)) {
                    return MISSING;
                }
                current = value;
            } else {
                return MISSING;
            }
        }
        return current;
    }

    public List<String> steps() {
        return steps;
    }

    /** The path as the user wrote it: safe to put in messages, it names a field and never holds record data. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && steps.equals(other.steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
