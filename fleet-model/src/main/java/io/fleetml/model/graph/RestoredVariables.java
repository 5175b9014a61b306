package io.fleetml.model.graph;

import io.fleetml.model.graph.Dataflow.Frame;
import io.fleetml.model.graph.Dataflow.Tensor;
import io.fleetml.model.graph.SavedModelGraphs.Node;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which checkpoint key each variable of a SavedModel is restored from, found the way TensorFlow restores them: by
 * following the saver's restore op to its {@code Assign} / {@code AssignVariableOp} ops (in the graph for TF1, inside
 * the restore function for TF2 and Keras) and from each to the {@code RestoreV2} output and the tensor name it reads.
 * This needs no naming convention: a Keras variable {@code dense_5/kernel} maps to
 * {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE} because the restore graph says so.
 */
public final class RestoredVariables {
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");
    private static final Set<String> ASSIGN_OPS = Set.of("Assign", "AssignVariableOp");

    private RestoredVariables() {
    }

    /** The checkpoint key of each top-level variable node the restore op assigns, by node name. */
    public static Map<String, String> keys(Dataflow flow) throws IOException {
        String restoreOp = flow.graph().restoreOp();
        Map<String, String> keys = new HashMap<>();
        if (restoreOp.isEmpty()) {
            return keys;
        }
        Frame top = flow.top();
        Deque<String> pending = new ArrayDeque<>(List.of(nodeName(restoreOp)));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Node node = flow.graph().nodes().get(pending.pop());
            if (node == null || !seen.add(node.name())) {
                continue;
            }
            visit(flow, top, node, keys);
            node.inputs().forEach(input -> pending.add(nodeName(input)));
        }
        return keys;
    }

    private static void visit(Dataflow flow, Frame frame, Node node, Map<String, String> keys) throws IOException {
        if (ASSIGN_OPS.contains(node.op())) {
            assignment(flow, new Tensor(frame, node, 0), keys);
            return;
        }
        Optional<Frame> called = flow.called(frame, node);
        if (called.isPresent()) {
            for (Node inner : called.get().function().body()) {
                visit(flow, called.get(), inner, keys);
            }
        }
    }

    private static void assignment(Dataflow flow, Tensor assign, Map<String, String> keys) throws IOException {
        Tensor variable = flow.input(assign, 0);
        Tensor value = flow.skipIdentities(flow.input(assign, 1));
        if (!VARIABLE_OPS.contains(variable.node().op()) || variable.frame().function() != null
                || !value.node().op().equals("RestoreV2")) {
            return;
        }
        Tensor names = flow.skipIdentities(flow.input(value, 1));
        if (!names.node().op().equals("Const")) {
            throw new IOException(value.describe() + " takes its tensor names from " + names.describe()
                    + ", not a constant");
        }
        List<String> tensorNames = AttrValues.tensor(names.node(), "value")
                .orElseThrow(() -> new IOException(names.describe() + " has no value")).strings();
        if (value.output() >= tensorNames.size()) {
            throw new IOException(value.describe() + " names " + tensorNames.size() + " tensors, output "
                    + value.output() + " is assigned");
        }
        keys.put(variable.node().name(), tensorNames.get(value.output()));
    }

    private static String nodeName(String reference) {
        String name = reference.startsWith("^") ? reference.substring(1) : reference;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }
}
