package io.fleetml.connect.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kafka topic or key written with captures of the MQTT topic, such as {@code telemetry.{signal}}. */
public final class Template {
    private static final Pattern CAPTURE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final String text;
    /** Literal text at even positions, capture names at odd ones. */
    private final List<String> parts;

    private Template(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
    }

    static Template parse(String configKey, String text) {
        List<String> parts = new ArrayList<>();
        Matcher m = CAPTURE.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(text.substring(at, m.start()));
            parts.add(m.group(1));
            at = m.end();
        }
        String rest = text.substring(at);
        if (rest.contains("{") || rest.contains("}") || parts.stream().anyMatch(p -> p.contains("{") || p.contains("}"))) {
            throw new org.apache.kafka.common.config.ConfigException(configKey, text, "a capture is written {name} with letters, digits or _");
        }
        parts.add(rest);
        return new Template(text, parts);
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < parts.size(); i += 2) {
            names.add(parts.get(i));
        }
        return names;
    }

    public String render(Map<String, String> captures) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0 ? parts.get(i) : captures.get(parts.get(i)));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
