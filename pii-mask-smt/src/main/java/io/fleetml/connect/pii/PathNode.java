package io.fleetml.connect.pii;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of the tree of configured paths: either a field that takes an action, or a field on the way to such fields.
 * Building the tree once lets one walk over a record apply every action, and rejects a field given two actions.
 */
final class PathNode {
    final String path;
    /** By field name; with case-insensitive matching any spelling of the name finds the child. */
    final Map<String, PathNode> children;
    /** The configured paths at or below this step, with their settings, for messages: "driver.email (drop.fields)". */
    final List<String> configured = new ArrayList<>();
    final boolean caseInsensitive;
    MaskAction action;

    private PathNode(String path, boolean caseInsensitive) {
        this.path = path;
        this.caseInsensitive = caseInsensitive;
        this.children = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new LinkedHashMap<>();
    }

    /** The keys of {@code map} that name the child {@code name}: itself, or with case-insensitive matching any spelling. */
    List<Object> keysFor(String name, Map<?, ?> map) {
        if (!caseInsensitive) {
            return map.containsKey(name) ? List.of(name) : List.of();
        }
        List<Object> keys = new ArrayList<>(1);
        for (Object key : map.keySet()) {
            if (key instanceof String text && text.equalsIgnoreCase(name)) {
                keys.add(key);
            }
        }
        return keys;
    }

    boolean drops() {
        return action != null && action.drops();
    }

    /**
     * Builds the tree. With {@code caseInsensitive}, {@code VIN} and {@code vin} are one field, so naming both under
     * two actions is an overlap.
     */
    static PathNode tree(Map<MaskAction, List<FieldPath>> rules, boolean caseInsensitive) {
        PathNode root = new PathNode(PiiMaskConfig.WHOLE_RECORD_PATH, caseInsensitive);
        for (Map.Entry<MaskAction, List<FieldPath>> rule : rules.entrySet()) {
            MaskAction action = rule.getKey();
            for (FieldPath path : rule.getValue()) {
                if (path.isWhole() && action.drops()) {
                    throw new ConfigException(action.configKey(), path.toString(),
                            "cannot drop the whole key or value; use Kafka's Filter transform to drop records");
                }
                PathNode node = root;
                StringBuilder prefix = new StringBuilder();
                List<PathNode> steps = new ArrayList<>();
                for (String step : path.steps()) {
                    if (node.action != null) {
                        throw overlap(action, path, node);
                    }
                    prefix.append(prefix.length() == 0 ? "" : ".").append(step);
                    String nodePath = prefix.toString();
                    node = node.children.computeIfAbsent(step, s -> new PathNode(nodePath, caseInsensitive));
                    steps.add(node);
                }
                if (node.action != null || !node.children.isEmpty()) {
                    throw overlap(action, path, node);
                }
                node.action = action;
                for (PathNode step : steps) {
                    step.configured.add(path + " (" + action.configKey() + ")");
                }
            }
        }
        return root;
    }

    private static ConfigException overlap(MaskAction action, FieldPath path, PathNode other) {
        String otherSetting = other.action != null ? other.action.configKey() : "another setting";
        return new ConfigException(action.configKey(), path.toString(), "overlaps '" + other.path + "' of " + otherSetting
                + ": each field takes one action, and a field inside a masked field cannot take another");
    }
}
