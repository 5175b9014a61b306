package io.fleetml.connect.mqtt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code mqtt.topics}: an MQTT topic filter whose levels may be written {@code {name}}, matching one level
 * like {@code +} and capturing it, so a message's topic can name its Kafka topic and key.
 */
public final class TopicPattern {
    private static final Pattern CAPTURE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final String text;
    private final String[] levels;
    /** Capture name per level, null where the level is not a capture. */
    private final String[] captures;

    private TopicPattern(String text, String[] levels, String[] captures) {
        this.text = text;
        this.levels = levels;
        this.captures = captures;
    }

    public static TopicPattern parse(String text) {
        String filter = text.trim();
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("an empty topic filter");
        }
        if (filter.startsWith("$share/")) {
            throw new IllegalArgumentException("'" + filter + "' is a shared subscription; give the plain filter, shared "
                    + "subscriptions are set with " + MqttSourceConfig.SHARED_CONFIG);
        }
        String[] levels = filter.split("/", -1);
        String[] captures = new String[levels.length];
        Set<String> names = new HashSet<>();
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            var capture = CAPTURE.matcher(level);
            if (capture.matches()) {
                if (!names.add(capture.group(1))) {
                    throw new IllegalArgumentException("'" + filter + "' captures {" + capture.group(1) + "} twice");
                }
                captures[i] = capture.group(1);
                levels[i] = "+";
            } else if (level.contains("{") || level.contains("}")) {
                throw new IllegalArgumentException("'" + filter + "': a capture must be a whole level of letters, digits or _, like {vin}");
            } else if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'" + filter + "': # must be the last level on its own");
            } else if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'" + filter + "': + must be a level on its own");
            }
        }
        return new TopicPattern(filter, levels, captures);
    }

    /** The filter sent to the broker: captures become {@code +}. */
    public String subscriptionFilter() {
        return String.join("/", levels);
    }

    public Set<String> captureNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String capture : captures) {
            if (capture != null) {
                names.add(capture);
            }
        }
        return names;
    }

    /** The captured levels when the topic matches this filter (MQTT rules), else null. */
    public Map<String, String> match(String topic) {
        String[] parts = topic.split("/", -1);
        if (topic.startsWith("$") && (levels[0].equals("+") || levels[0].equals("#"))) {
            return null;
        }
        Map<String, String> captured = new HashMap<>();
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("#")) {
                return captured;
            }
            if (i >= parts.length) {
                return null;
            }
            if (levels[i].equals("+")) {
                if (captures[i] != null) {
                    captured.put(captures[i], parts[i]);
                }
            } else if (!levels[i].equals(parts[i])) {
                return null;
            }
        }
        return parts.length == levels.length ? captured : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
