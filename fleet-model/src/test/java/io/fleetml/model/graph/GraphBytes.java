package io.fleetml.model.graph;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Writes and edits {@code saved_model.pb} files at the protobuf wire level, so tests can build graphs, or add nodes and
 * functions to a real export, without TensorFlow. Edits append to each MetaGraphDef: protobuf merges a repeated message
 * field into the one already there, so an appended {@code graph_def} adds its nodes and functions to the graph, and an
 * appended {@code saver_def} replaces the names it sets.
 */
public final class GraphBytes {
    /** TensorFlow's {@code DT_STRING}. */
    private static final int DT_STRING = 7;

    private GraphBytes() {
    }

    /** A NodeDef. */
    public static ByteString node(String name, String op, String... inputs) {
        Message node = new Message().string(1, name).string(2, op);
        for (String input : inputs) {
            node.string(3, input);
        }
        return node.bytes();
    }

    /** A scalar string {@code Const}, as a file name or contents. */
    public static ByteString stringConst(String name, String value) {
        ByteString tensor = new Message().varint(1, DT_STRING).bytes(2, ByteString.EMPTY)
                .bytes(8, ByteString.copyFromUtf8(value)).bytes();
        return new Message().string(1, name).string(2, "Const")
                .bytes(5, attr("dtype", new Message().varint(6, DT_STRING).bytes()))
                .bytes(5, attr("value", new Message().bytes(8, tensor).bytes()))
                .bytes();
    }

    /** A {@code StatefulPartitionedCall} of {@code function}, as TF2 calls its library. */
    public static ByteString call(String name, String function, String... inputs) {
        Message node = new Message().string(1, name).string(2, "StatefulPartitionedCall");
        for (String input : inputs) {
            node.string(3, input);
        }
        return node.bytes(5, attr("f", new Message().bytes(10, new Message().string(1, function).bytes()).bytes()))
                .bytes();
    }

    /** A FunctionDef named {@code name} with {@code body}. */
    public static ByteString function(String name, ByteString... body) {
        Message function = new Message().bytes(1, new Message().string(1, name).bytes());
        for (ByteString node : body) {
            function.bytes(3, node);
        }
        return function.bytes();
    }

    /**
     * A SavedModel of one MetaGraph holding {@code nodes} and {@code functions}, a saver with {@code saveTensor} and
     * {@code restoreOp} (none when empty) and a signature whose output is {@code output}.
     */
    public static byte[] savedModel(List<ByteString> nodes, List<ByteString> functions, String saveTensor,
                                    String restoreOp, String output) {
        Message metaGraph = new Message().bytes(2, graph(nodes, functions));
        if (!saveTensor.isEmpty() || !restoreOp.isEmpty()) {
            metaGraph.bytes(3, new Message().string(2, saveTensor).string(3, restoreOp).bytes());
        }
        ByteString tensorInfo = new Message().string(1, output).bytes();
        ByteString signature = new Message().bytes(2, new Message().string(1, "y").bytes(2, tensorInfo).bytes()).bytes();
        metaGraph.bytes(5, new Message().string(1, "serving_default").bytes(2, signature).bytes());
        return new Message().bytes(2, metaGraph.bytes()).bytes().toByteArray();
    }

    /** {@code savedModel} with {@code nodes} and {@code functions} added to the graph of each MetaGraph. */
    public static byte[] withGraph(byte[] savedModel, List<ByteString> nodes, List<ByteString> functions) {
        return appendToMetaGraphs(savedModel, new Message().bytes(2, graph(nodes, functions)).bytes());
    }

    /** {@code savedModel} whose saver restores by running {@code restoreOp}, which loading runs. */
    public static byte[] withRestoreOp(byte[] savedModel, String restoreOp) {
        return appendToMetaGraphs(savedModel, new Message().bytes(3, new Message().string(3, restoreOp).bytes()).bytes());
    }

    /**
     * {@code savedModel} with a {@code WriteFile} of {@code target} that its restore op runs first, so loading it with
     * TensorFlow writes the file: the attack the check stops.
     */
    public static byte[] withWriteFileOnLoad(byte[] savedModel, Path target) {
        String restore = restoreOp(savedModel);
        byte[] withWrite = withGraph(savedModel, List.of(
                stringConst("attack/path", target.toString()),
                stringConst("attack/contents", "written by the model"),
                node("attack/write", "WriteFile", "attack/path", "attack/contents"),
                node("attack/restore_all", "NoOp", "^" + restore, "^attack/write")), List.of());
        return withRestoreOp(withWrite, "attack/restore_all");
    }

    /** {@code savedModel} with a library function, called by no node, that reads a file. */
    public static byte[] withReadFileInFunction(byte[] savedModel) {
        return withGraph(savedModel, List.of(), List.of(function("attack_read",
                stringConst("path", "/etc/hostname"), node("read", "ReadFile", "path:output:0"))));
    }

    /** The saver's restore op of the first MetaGraph, read with the checker's own reader. */
    public static String restoreOp(byte[] savedModel) {
        try {
            return SavedModelGraphs.parse(savedModel).get(0).restoreOp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the SavedModel directory {@code from} (variables, metadata, everything) to {@code to}, then replaces its
     * {@code saved_model.pb} with what {@code edit} makes of it.
     */
    public static Path copyEdited(Path from, Path to, UnaryOperator<byte[]> edit) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
            Path savedModel = to.resolve("saved_model.pb");
            Files.write(savedModel, edit.apply(Files.readAllBytes(savedModel)));
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteString graph(List<ByteString> nodes, List<ByteString> functions) {
        Message graph = new Message();
        nodes.forEach(node -> graph.bytes(1, node));
        if (!functions.isEmpty()) {
            Message library = new Message();
            functions.forEach(function -> library.bytes(1, function));
            graph.bytes(2, library.bytes());
        }
        return graph.bytes();
    }

    private static ByteString attr(String key, ByteString value) {
        return new Message().string(1, key).bytes(2, value).bytes();
    }

    /** Each {@code meta_graphs} field of the SavedModel with {@code addition} after its own bytes. */
    private static byte[] appendToMetaGraphs(byte[] savedModel, ByteString addition) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(savedModel);
            Message out = new Message();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == (2 << 3 | 2)) {
                    out.bytes(2, in.readBytes().concat(addition));
                } else if ((tag & 7) == 2) {
                    out.bytes(tag >>> 3, in.readBytes());
                } else {
                    out.varint(tag >>> 3, in.readInt64());
                }
            }
            return out.bytes().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message being written, field by field. */
    private static final class Message {
        private final ByteString.Output out = ByteString.newOutput();
        private final CodedOutputStream coded = CodedOutputStream.newInstance(out);

        Message string(int field, String value) {
            return bytes(field, ByteString.copyFromUtf8(value));
        }

        Message bytes(int field, ByteString value) {
            try {
                coded.writeBytes(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message varint(int field, long value) {
            try {
                coded.writeInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        ByteString bytes() {
            try {
                coded.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteString();
        }
    }
}
