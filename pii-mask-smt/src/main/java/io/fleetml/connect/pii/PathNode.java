package io.fleetml.connect.pii;

import io.fleetml.connect.common.FieldPath;
import org.apache.kafka.common.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of the tree of configured paths: either a field that takes an action, or a field on the way to such fields.
 * Building the tree once lets one walk over a record apply every action, and rejects a field given two actions.
 */
final class PathNode {
    final String path;
    final Map<String, PathNode> children = new LinkedHashMap<>();
    MaskAction action;

    private PathNode(String path) {
        this.path = path;
    }

    boolean drops() {
        return action != null && action.drops();
    }

    static PathNode tree(Map<MaskAction, List<FieldPath>> rules) {
        PathNode root = new PathNode(PiiMaskConfig.WHOLE_RECORD_PATH);
        for (Map.Entry<MaskAction, List<FieldPath>> rule : rules.entrySet()) {
            MaskAction action = rule.getKey();
            for (FieldPath path : rule.getValue()) {
                if (path.isWhole() && action.drops()) {
                    throw new ConfigException(action.configKey(), path.toString(),
                            "cannot drop the whole key or value; use Kafka's Filter transform to drop records");
                }
                PathNode node = root;
                StringBuilder prefix = new StringBuilder();
                for (String step : path.steps()) {
                    if (node.action != null) {
                        throw overlap(action, path, node);
                    }
                    prefix.append(prefix.length() == 0 ? "" : ".").append(step);
                    String nodePath = prefix.toString();
                    node = node.children.computeIfAbsent(step, s -> new PathNode(nodePath));
                }
                if (node.action != null || !node.children.isEmpty()) {
                    throw overlap(action, path, node);
                }
                node.action = action;
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
