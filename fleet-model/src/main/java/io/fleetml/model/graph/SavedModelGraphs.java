package io.fleetml.model.graph;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@link GraphCheck} needs from the bytes of a {@code saved_model.pb}, with protobuf's wire reader rather
 * than TensorFlow, so nothing of the model runs and no native library is needed. Field numbers are those of
 * TensorFlow's {@code saved_model.proto}, {@code meta_graph.proto}, {@code graph.proto}, {@code function.proto},
 * {@code node_def.proto} and {@code attr_value.proto}; fields not listed are skipped.
 */
final class SavedModelGraphs {
    /**
     * Deeper than any real graph nests functions in attributes or composite tensors in signatures; a file that does is
     * refused as malformed rather than followed down.
     */
    private static final int MAX_NESTING = 16;

    private SavedModelGraphs() {
    }

    /** One node: its name, op, inputs as written ({@code ^control}, {@code name:1}), and the functions it names. */
    record Node(String name, String op, List<String> inputs, Set<String> functions) {
    }

    /**
     * One MetaGraph: its graph's nodes by name, its function library (function name to body), the saver's save tensor
     * and restore op (empty when it has no saver), and every other name TensorFlow may run: signature tensors and the
     * nodes of node-list collections, where TF1 keeps its init ops.
     */
    record MetaGraph(Map<String, Node> nodes, Map<String, List<Node>> functions, String saveTensor, String restoreOp,
                     Set<String> runRoots) {
    }

    @FunctionalInterface
    private interface FieldVisitor {
        void field(int number, ByteString value) throws IOException;
    }

    /** The MetaGraphs of a SavedModel; an {@link IOException} when the bytes are not a protobuf message. */
    static List<MetaGraph> parse(byte[] savedModel) throws IOException {
        List<MetaGraph> metaGraphs = new ArrayList<>();
        // SavedModel: 2 meta_graphs.
        lengthDelimited(ByteString.copyFrom(savedModel), (number, value) -> {
            if (number == 2) {
                metaGraphs.add(metaGraph(value));
            }
        });
        return metaGraphs;
    }

    private static MetaGraph metaGraph(ByteString bytes) throws IOException {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, List<Node>> functions = new LinkedHashMap<>();
        String[] saver = {"", ""};
        Set<String> runRoots = new LinkedHashSet<>();
        // MetaGraphDef: 2 graph_def, 3 saver_def, 4 collection_def, 5 signature_def.
        lengthDelimited(bytes, (number, value) -> {
            switch (number) {
                case 2 -> graph(value, nodes, functions);
                case 3 -> saver(value, saver);
                case 4 -> mapValues(value, collection -> nodeList(collection, runRoots));
                case 5 -> mapValues(value, signature -> signatureTensors(signature, runRoots));
                default -> {
                }
            }
        });
        return new MetaGraph(nodes, functions, saver[0], saver[1], runRoots);
    }

    /** GraphDef: 1 node, 2 library; FunctionDefLibrary: 1 function. */
    private static void graph(ByteString bytes, Map<String, Node> nodes, Map<String, List<Node>> functions)
            throws IOException {
        lengthDelimited(bytes, (number, value) -> {
            if (number == 1) {
                Node node = node(value);
                nodes.put(node.name(), node);
            } else if (number == 2) {
                lengthDelimited(value, (libraryField, function) -> {
                    if (libraryField == 1) {
                        function(function, functions);
                    }
                });
            }
        });
    }

    /** FunctionDef: 1 signature (OpDef: 1 name), 3 node_def. */
    private static void function(ByteString bytes, Map<String, List<Node>> functions) throws IOException {
        String[] name = {""};
        List<Node> body = new ArrayList<>();
        lengthDelimited(bytes, (number, value) -> {
            if (number == 1) {
                lengthDelimited(value, (opDefField, opDefValue) -> {
                    if (opDefField == 1) {
                        name[0] = opDefValue.toStringUtf8();
                    }
                });
            } else if (number == 3) {
                body.add(node(value));
            }
        });
        // A name defined twice is checked as one function holding both bodies, whichever TensorFlow would take.
        functions.computeIfAbsent(name[0], key -> new ArrayList<>()).addAll(body);
    }

    /** NodeDef: 1 name, 2 op, 3 input, 5 attr. */
    private static Node node(ByteString bytes) throws IOException {
        String[] nameAndOp = {"", ""};
        List<String> inputs = new ArrayList<>();
        Set<String> functions = new LinkedHashSet<>();
        lengthDelimited(bytes, (number, value) -> {
            switch (number) {
                case 1 -> nameAndOp[0] = value.toStringUtf8();
                case 2 -> nameAndOp[1] = value.toStringUtf8();
                case 3 -> inputs.add(value.toStringUtf8());
                case 5 -> mapValues(value, attr -> attrFunctions(attr, functions, 0));
                default -> {
                }
            }
        });
        return new Node(nameAndOp[0], nameAndOp[1], inputs, functions);
    }

    /**
     * The functions an AttrValue names: 10 func, or 1 list (ListValue: 9 func), each a NameAttrList (1 name, 2 attr),
     * whose own attributes may name more.
     */
    private static void attrFunctions(ByteString attr, Set<String> functions, int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw new IOException("function attributes nest deeper than " + MAX_NESTING + " levels");
        }
        lengthDelimited(attr, (number, value) -> {
            if (number == 10) {
                nameAttrList(value, functions, depth);
            } else if (number == 1) {
                lengthDelimited(value, (listField, listValue) -> {
                    if (listField == 9) {
                        nameAttrList(listValue, functions, depth);
                    }
                });
            }
        });
    }

    private static void nameAttrList(ByteString bytes, Set<String> functions, int depth) throws IOException {
        lengthDelimited(bytes, (number, value) -> {
            if (number == 1) {
                functions.add(value.toStringUtf8());
            } else if (number == 2) {
                mapValues(value, attr -> attrFunctions(attr, functions, depth + 1));
            }
        });
    }

    /** SaverDef: 2 save_tensor_name, 3 restore_op_name. */
    private static void saver(ByteString bytes, String[] saver) throws IOException {
        lengthDelimited(bytes, (number, value) -> {
            if (number == 2) {
                saver[0] = value.toStringUtf8();
            } else if (number == 3) {
                saver[1] = value.toStringUtf8();
            }
        });
    }

    /** CollectionDef: 1 node_list (NodeList: 1 value). */
    private static void nodeList(ByteString collection, Set<String> names) throws IOException {
        lengthDelimited(collection, (number, value) -> {
            if (number == 1) {
                lengthDelimited(value, (listField, name) -> {
                    if (listField == 1) {
                        names.add(name.toStringUtf8());
                    }
                });
            }
        });
    }

    /** SignatureDef: 1 inputs, 2 outputs, maps to TensorInfo. */
    private static void signatureTensors(ByteString signature, Set<String> names) throws IOException {
        lengthDelimited(signature, (number, value) -> {
            if (number == 1 || number == 2) {
                mapValues(value, tensorInfo -> tensorNames(tensorInfo, names, 0));
            }
        });
    }

    /**
     * TensorInfo: 1 name, 4 coo_sparse (CooSparse: 1, 2, 3 tensor names), 5 composite_tensor (CompositeTensor:
     * 2 components, TensorInfo again).
     */
    private static void tensorNames(ByteString tensorInfo, Set<String> names, int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw new IOException("signature tensors nest deeper than " + MAX_NESTING + " levels");
        }
        lengthDelimited(tensorInfo, (number, value) -> {
            switch (number) {
                case 1 -> names.add(value.toStringUtf8());
                case 4 -> lengthDelimited(value, (cooField, name) -> names.add(name.toStringUtf8()));
                case 5 -> lengthDelimited(value, (compositeField, component) -> {
                    if (compositeField == 2) {
                        tensorNames(component, names, depth + 1);
                    }
                });
                default -> {
                }
            }
        });
    }

    /** The values of a map field's entry (1 key, 2 value). */
    private static void mapValues(ByteString entry, ValueVisitor visitor) throws IOException {
        ByteString[] found = {ByteString.EMPTY};
        lengthDelimited(entry, (number, value) -> {
            if (number == 2) {
                found[0] = value;
            }
        });
        visitor.value(found[0]);
    }

    @FunctionalInterface
    private interface ValueVisitor {
        void value(ByteString value) throws IOException;
    }

    /** Visits the length-delimited fields of a message in order, skipping fields of other wire types. */
    private static void lengthDelimited(ByteString message, FieldVisitor visitor) throws IOException {
        CodedInputStream in = message.newCodedInput();
        // Nested messages as views of the file's bytes, not a copy at each level.
        in.enableAliasing(true);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                visitor.field(WireFormat.getTagFieldNumber(tag), in.readBytes());
            } else {
                in.skipField(tag);
            }
        }
    }
}
