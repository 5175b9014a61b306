package io.fleetml.model.graph;

import io.fleetml.model.graph.SavedModelGraphs.Function;
import io.fleetml.model.graph.SavedModelGraphs.MetaGraph;
import io.fleetml.model.graph.SavedModelGraphs.Node;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows tensors through a MetaGraph as TensorFlow would run it, with calls inlined: an output of a
 * {@code StatefulPartitionedCall}, {@code PartitionedCall} or function-named op leads to the tensor the function
 * returns, and a function's argument leads back to what its caller passes. So a TF2 / Keras serving graph, whose ops
 * sit in nested library functions, reads as one graph, as does a TF1 graph, which has no calls.
 */
public final class Dataflow {
    /** Deeper than Keras nests its functions (signature wrapper, model, layer); a deeper file is refused. */
    private static final int MAX_CALL_DEPTH = 32;

    private final MetaGraph graph;
    private final Map<String, Map<String, Node>> functionNodes = new HashMap<>();

    public Dataflow(MetaGraph graph) {
        this.graph = graph;
    }

    public MetaGraph graph() {
        return graph;
    }

    /**
     * Where a node runs: the top-level graph ({@code function} null) or the body of a function called by {@code caller}
     * in {@code parent}.
     */
    public record Frame(Frame parent, Node caller, Function function, int depth) {
        /** The function's name, or null at the top level: for messages. */
        public String functionName() {
            return function == null ? null : function.name();
        }
    }

    /** Output {@code output} of {@code node}, running in {@code frame}. */
    public record Tensor(Frame frame, Node node, int output) {
        /** "op 'node'" and, inside a function, "in function 'f'": for messages. */
        public String describe() {
            return node.op() + " op '" + node.name() + "'"
                    + (frame.function() == null ? "" : " in function '" + frame.functionName() + "'");
        }

        /** Whether this is the same output of the same node run from the same place. */
        public boolean sameAs(Tensor other) {
            return node == other.node && output == other.output && sameFrame(frame, other.frame);
        }

        private static boolean sameFrame(Frame a, Frame b) {
            if (a == b) {
                return true;
            }
            return a != null && b != null && a.caller() == b.caller() && a.function() == b.function()
                    && sameFrame(a.parent(), b.parent());
        }
    }

    /** The top-level graph's frame. */
    public Frame top() {
        return new Frame(null, null, null, 0);
    }

    /** The tensor a top-level name such as {@code y:0} or {@code y} names. */
    public Tensor tensor(String name) throws IOException {
        return resolve(top(), name);
    }

    /** The tensor behind input {@code index} of {@code tensor}'s node, control inputs not counted. */
    public Tensor input(Tensor tensor, int index) throws IOException {
        List<String> inputs = dataInputs(tensor.node());
        if (index >= inputs.size()) {
            throw new IOException(tensor.describe() + " has " + inputs.size() + " inputs, not " + (index + 1));
        }
        return resolve(tensor.frame(), inputs.get(index));
    }

    /** How many data inputs the tensor's node has. */
    public int inputCount(Tensor tensor) {
        return dataInputs(tensor.node()).size();
    }

    /** The tensor {@code Identity} ops pass on, following them back to the op that computed it. */
    public Tensor skipIdentities(Tensor tensor) throws IOException {
        Tensor current = tensor;
        while (current.node().op().equals("Identity")) {
            current = input(current, 0);
        }
        return current;
    }

    /** The frame of a call node's function, when {@code node} calls one. */
    public Optional<Frame> called(Frame frame, Node node) throws IOException {
        String name = calledFunction(node);
        if (name == null) {
            return Optional.empty();
        }
        Function function = graph.functions().get(name);
        if (function == null) {
            throw new IOException(describe(frame, node) + " calls function '" + name + "', which the graph does not define");
        }
        if (frame.depth() >= MAX_CALL_DEPTH) {
            throw new IOException("calls nest deeper than " + MAX_CALL_DEPTH + " functions at " + describe(frame, node));
        }
        return Optional.of(new Frame(frame, node, function, frame.depth() + 1));
    }

    /** The nodes of a frame: the graph's, or its function's body. */
    public Map<String, Node> nodes(Frame frame) {
        if (frame.function() == null) {
            return graph.nodes();
        }
        return functionNodes.computeIfAbsent(frame.functionName(), name -> {
            Map<String, Node> byName = new HashMap<>();
            frame.function().body().forEach(node -> byName.put(node.name(), node));
            return byName;
        });
    }

    private String calledFunction(Node node) throws IOException {
        if (node.op().equals("StatefulPartitionedCall") || node.op().equals("PartitionedCall")) {
            return AttrValues.function(node, "f").orElse(null);
        }
        return graph.functions().containsKey(node.op()) ? node.op() : null;
    }

    private Tensor resolve(Frame frame, String reference) throws IOException {
        if (reference.startsWith("^")) {
            throw new IOException("'" + reference + "' is a control input, not a tensor");
        }
        String[] parts = reference.split(":", -1);
        Function function = frame.function();
        if (function != null && parts.length == 1) {
            int arg = function.inputArgs().indexOf(reference);
            if (arg < 0) {
                throw new IOException("function '" + function.name() + "' has no argument '" + reference + "'");
            }
            List<String> callerInputs = dataInputs(frame.caller());
            if (arg >= callerInputs.size()) {
                throw new IOException(describe(frame.parent(), frame.caller()) + " passes " + callerInputs.size()
                        + " inputs to function '" + function.name() + "', which takes more");
            }
            return resolve(frame.parent(), callerInputs.get(arg));
        }
        Node node = nodes(frame).get(parts[0]);
        if (node == null) {
            throw new IOException("no node '" + parts[0] + "'" + (function == null ? "" : " in function '"
                    + function.name() + "'"));
        }
        // Top level: node or node:index; in a function: node:output_arg:index, the index within that argument, which
        // for every op followed here is its only output argument.
        int output = parts.length == 1 ? 0 : parseIndex(parts[parts.length - 1], reference);
        Optional<Frame> called = called(frame, node);
        if (called.isEmpty()) {
            return new Tensor(frame, node, output);
        }
        Function callee = called.get().function();
        if (output >= callee.outputArgs().size()) {
            throw new IOException("function '" + callee.name() + "' has " + callee.outputArgs().size()
                    + " outputs, '" + reference + "' takes output " + output);
        }
        String returned = callee.ret().get(callee.outputArgs().get(output));
        if (returned == null) {
            throw new IOException("function '" + callee.name() + "' returns nothing for output '"
                    + callee.outputArgs().get(output) + "'");
        }
        return resolve(called.get(), returned);
    }

    private static int parseIndex(String index, String reference) throws IOException {
        try {
            return Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new IOException("'" + reference + "' does not end in an output index");
        }
    }

    private static List<String> dataInputs(Node node) {
        return node.inputs().stream().filter(input -> !input.startsWith("^")).toList();
    }

    private static String describe(Frame frame, Node node) {
        return node.op() + " op '" + node.name() + "'"
                + (frame == null || frame.function() == null ? "" : " in function '" + frame.functionName() + "'");
    }
}
