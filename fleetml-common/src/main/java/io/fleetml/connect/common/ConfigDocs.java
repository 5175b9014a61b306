package io.fleetml.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Renders a plugin's {@link ConfigDef} as a Markdown settings reference, grouped and ordered as declared, so the
 * reference in {@code docs/settings/} is generated from the same definitions the plugins validate with and cannot drift
 * from them.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    public static String markdown(String title, String overview, ConfigDef def) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(overview).append("\n\n");
        List<String> groups = new ArrayList<>(def.groups());
        def.configKeys().values().stream()
                .map(k -> k.group)
                .filter(Objects::nonNull)
                .filter(g -> !groups.contains(g))
                .forEach(groups::add);
        for (String group : groups) {
            md.append("## ").append(group).append("\n\n");
            md.append("| setting | type | default | valid values | importance | description |\n");
            md.append("|---|---|---|---|---|---|\n");
            def.configKeys().values().stream()
                    .filter(k -> group.equals(k.group))
                    .sorted(Comparator.comparingInt(k -> k.orderInGroup))
                    .forEach(k -> md.append(row(k)));
            md.append('\n');
        }
        return md.toString();
    }

    private static String row(ConfigKey key) {
        return "| `" + key.name + "` | " + key.type.name().toLowerCase() + " | " + defaultOf(key) + " | "
                + cell(key.validator == null ? "" : key.validator.toString()) + " | "
                + key.importance.name().toLowerCase() + " | " + cell(key.documentation) + " |\n";
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String text = key.defaultValue instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(key.defaultValue);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
