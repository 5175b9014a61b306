package io.fleetml.model.graph;

import io.fleetml.model.graph.SavedModelGraphs.MetaGraph;
import io.fleetml.model.graph.SavedModelGraphs.Node;
import io.fleetml.model.metadata.ModelFileException;
import io.fleetml.model.repository.ModelRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a SavedModel whose graph could do more than score, before anything of it runs: TensorFlow runs a model's
 * restore and init ops while loading it, so the check must come first, and it reads {@code saved_model.pb} as bytes.
 * Every node of every MetaGraph, in the graph and in each library function (where TF2 and Keras keep most ops), must be
 * an {@link OpAllowlist#INFERENCE} op or a call of a library function, except the checkpoint ops of the saver:
 * <ul>
 *   <li>{@code RestoreV2} only where the saver's restore op reaches, which loading runs to read the variables;</li>
 *   <li>{@code SaveV2} and {@code MergeV2Checkpoints} only where the saver's save tensor reaches and nothing that
 *   loading or scoring runs does (the restore op, a signature, an init op): every Keras and TensorFlow Java export
 *   carries them, and they run only when someone saves the model again, which neither the trainer's readers nor the
 *   transform do;</li>
 *   <li>the ops that build the checkpoint's file names in the save or restore graph.</li>
 * </ul>
 * What reaches what follows node inputs in the graph and, into the library, function-valued attributes ({@code f} of
 * {@code StatefulPartitionedCall}, and any other) and nodes whose op is a function's name; a function reached counts
 * whole. A function used both by the saver and by anything else counts as run, so a checkpoint write in it is refused.
 */
public final class GraphCheck {
    /** The other files TensorFlow may read a SavedModel from, in place of or before {@code saved_model.pb}. */
    private static final List<String> UNCHECKED_FORMATS = List.of("saved_model.cpb", "saved_model.pbtxt");
    private static final int LISTED_OFFENDERS = 10;
    private static final int MAX_SHOWN_NAME = 120;

    private GraphCheck() {
    }

    /**
     * Checks the SavedModel in {@code dir}: an {@link UnsafeGraphException} naming each offending op, its node and its
     * function; a {@link ModelFileException} when {@code saved_model.pb} is not a SavedModel.
     */
    public static void check(Path dir) throws IOException {
        for (String other : UNCHECKED_FORMATS) {
            if (Files.exists(dir.resolve(other))) {
                throw new UnsafeGraphException("has " + other + ", which TensorFlow may load instead of "
                        + ModelRepository.SAVED_MODEL_FILE + "; only " + ModelRepository.SAVED_MODEL_FILE
                        + " is checked, so a model must come as that file alone");
            }
        }
        byte[] savedModel = Files.readAllBytes(dir.resolve(ModelRepository.SAVED_MODEL_FILE));
        List<MetaGraph> metaGraphs;
        try {
            metaGraphs = SavedModelGraphs.parse(savedModel);
        } catch (IOException e) {
            throw new ModelFileException(ModelRepository.SAVED_MODEL_FILE + " is not a SavedModel: " + e.getMessage(), e);
        }
        if (metaGraphs.isEmpty()) {
            throw new ModelFileException(ModelRepository.SAVED_MODEL_FILE + " is not a SavedModel: it has no MetaGraph");
        }
        List<String> offenders = new ArrayList<>();
        for (MetaGraph metaGraph : metaGraphs) {
            offenders.addAll(offenders(metaGraph));
        }
        if (!offenders.isEmpty()) {
            throw new UnsafeGraphException(ModelRepository.SAVED_MODEL_FILE + " has ops that could do more than score, "
                    + "so nothing of it is run: " + String.join("; ", offenders.subList(0,
                    Math.min(LISTED_OFFENDERS, offenders.size())))
                    + (offenders.size() > LISTED_OFFENDERS ? "; and " + (offenders.size() - LISTED_OFFENDERS) + " more"
                    : ""));
        }
    }

    private static List<String> offenders(MetaGraph graph) {
        Reach save = Reach.from(graph, List.of(graph.saveTensor()));
        Reach restore = Reach.from(graph, List.of(graph.restoreOp()));
        List<String> runRoots = new ArrayList<>(graph.runRoots());
        runRoots.add(graph.restoreOp());
        Reach run = Reach.from(graph, runRoots);
        List<String> offenders = new ArrayList<>();
        for (Node node : graph.nodes().values()) {
            String reason = refusal(graph, node.op(), save.nodes.contains(node.name()),
                    restore.nodes.contains(node.name()), run.nodes.contains(node.name()));
            if (reason != null) {
                offenders.add(shown(node.op()) + " at node '" + shown(node.name()) + "' (" + reason + ")");
            }
        }
        graph.functions().forEach((function, definition) -> {
            for (Node node : definition.body()) {
                String reason = refusal(graph, node.op(), save.functions.contains(function),
                        restore.functions.contains(function), run.functions.contains(function));
                if (reason != null) {
                    offenders.add(shown(node.op()) + " at node '" + shown(node.name()) + "' in function '"
                            + shown(function) + "' (" + reason + ")");
                }
            }
        });
        return offenders;
    }

    /**
     * A name from the file as it goes into a message and a log line: TensorFlow would refuse names with line breaks or
     * of unbounded length, but nothing has checked them yet.
     */
    private static String shown(String name) {
        String printable = name.codePoints().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > MAX_SHOWN_NAME ? printable.substring(0, MAX_SHOWN_NAME) + "..." : printable;
    }

    /** Why an op where it is must not be, or null when it may. */
    private static String refusal(MetaGraph graph, String op, boolean inSave, boolean inRestore, boolean inRun) {
        if (OpAllowlist.INFERENCE.contains(op) || graph.functions().containsKey(op)) {
            return null;
        }
        if (OpAllowlist.CHECKPOINT_WRITE.contains(op)) {
            return !inSave ? "a checkpoint write outside the saver's save graph"
                    : inRun ? "a checkpoint write that loading or scoring would run" : null;
        }
        if (OpAllowlist.CHECKPOINT_READ.contains(op)) {
            return inRestore ? null : "a checkpoint read outside the saver's restore graph";
        }
        if (OpAllowlist.CHECKPOINT_NAMING.contains(op)) {
            return inSave || inRestore ? null : "a checkpoint file name op outside the saver";
        }
        return "not an op of inference or variable restore";
    }

    /** The graph nodes and library functions that running the given tensors or ops may run. */
    private static final class Reach {
        final Set<String> nodes = new HashSet<>();
        final Set<String> functions = new HashSet<>();

        static Reach from(MetaGraph graph, Collection<String> roots) {
            Reach reach = new Reach();
            Deque<String> pending = new ArrayDeque<>();
            roots.forEach(root -> pending.add(nodeName(root)));
            while (!pending.isEmpty()) {
                String name = pending.pop();
                Node node = graph.nodes().get(name);
                if (node == null || !reach.nodes.add(name)) {
                    continue;
                }
                node.inputs().forEach(input -> pending.add(nodeName(input)));
                reach.call(graph, node);
            }
            return reach;
        }

        private void call(MetaGraph graph, Node caller) {
            Deque<Node> callers = new ArrayDeque<>(List.of(caller));
            while (!callers.isEmpty()) {
                Node node = callers.pop();
                List<String> called = new ArrayList<>(node.functions());
                called.add(node.op());
                for (String function : called) {
                    SavedModelGraphs.Function definition = graph.functions().get(function);
                    if (definition != null && functions.add(function)) {
                        callers.addAll(definition.body());
                    }
                }
            }
        }

        /** {@code ^name}, {@code name:0} and {@code name} all name the node {@code name}. */
        private static String nodeName(String tensor) {
            String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
            int colon = name.lastIndexOf(':');
            boolean outputIndex = colon > 0 && colon < name.length() - 1
                    && name.substring(colon + 1).chars().allMatch(Character::isDigit);
            return outputIndex ? name.substring(0, colon) : name;
        }
    }
}
