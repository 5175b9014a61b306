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
 * Reads a {@code saved_model.pb} with protobuf's wire reader rather than TensorFlow, so nothing of the model runs and
 * no native library is needed: what {@link GraphCheck} checks, and what {@link Dataflow} follows to read a serving
 * graph in plain Java. Field numbers are those of TensorFlow's {@code saved_model.proto}, {@code meta_graph.proto},
 * {@code graph.proto}, {@code function.proto}, {@code op_def.proto}, {@code node_def.proto} and
 * {@code attr_value.proto}; fields not listed are skipped.
 */
public final class SavedModelGraphs {
    /**
     * Deeper than any real graph nests functions in attributes or composite tensors in signatures; a file that does is
     * refused as malformed rather than followed down.
     */
    private static final int MAX_NESTING = 16;

    private SavedModelGraphs() {
    }

    /**
     * One node: its name, op, inputs as written ({@code ^control}, {@code name:1}, in a function
     * {@code name:output_arg:1}), the functions it names, and its attributes as {@code AttrValue} bytes (see
     * {@link AttrValues}).
     */
    public record Node(String name, String op, List<String> inputs, Set<String> functions,
                       Map<String, ByteString> attrs) {
    }

    /**
     * One library function: the names of its input and output arguments in order, {@code ret} mapping each output
     * argument to the tensor that returns it, and its body.
     */
    public record Function(String name, List<String> inputArgs, List<String> outputArgs, Map<String, String> ret,
                           List<Node> body) {
    }

    /** A signature's tensor: its graph name ({@code node:0}), dtype number, and shape (null when the rank is unknown). */
    public record TensorInfo(String name, int dtype, long[] shape) {
    }

    /** A SignatureDef: its input and output tensors by key. */
    public record Signature(Map<String, TensorInfo> inputs, Map<String, TensorInfo> outputs) {
    }

    /**
     * One MetaGraph: its tags, its graph's nodes by name, its function library, the saver's save tensor and restore op
     * (empty when it has no saver), every other name TensorFlow may run (signature tensors and the nodes of node-list
     * collections, where TF1 keeps its init ops), and its signatures by key.
     */
    public record MetaGraph(Set<String> tags, Map<String, Node> nodes, Map<String, Function> functions,
                            String saveTensor, String restoreOp, Set<String> runRoots,
                            Map<String, Signature> signatures) {
    }

    @FunctionalInterface
    private interface FieldVisitor {
        void field(int number, ByteString value) throws IOException;
    }

    /** The MetaGraphs of a SavedModel; an {@link IOException} when the bytes are not a protobuf message. */
    public static List<MetaGraph> parse(byte[] savedModel) throws IOException {
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
        Set<String> tags = new LinkedHashSet<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, Function> functions = new LinkedHashMap<>();
        String[] saver = {"", ""};
        Set<String> runRoots = new LinkedHashSet<>();
        Map<String, Signature> signatures = new LinkedHashMap<>();
        // MetaGraphDef: 1 meta_info_def (MetaInfoDef: 4 tags), 2 graph_def, 3 saver_def, 4 collection_def,
        // 5 signature_def.
        lengthDelimited(bytes, (number, value) -> {
            switch (number) {
                case 1 -> lengthDelimited(value, (infoField, tag) -> {
                    if (infoField == 4) {
                        tags.add(tag.toStringUtf8());
                    }
                });
                case 2 -> graph(value, nodes, functions);
                case 3 -> saver(value, saver);
                case 4 -> mapValues(value, collection -> nodeList(collection, runRoots));
                case 5 -> {
                    mapValues(value, signature -> signatureTensors(signature, runRoots));
                    signatures.put(mapKey(value), signature(mapValue(value)));
                }
                default -> {
                }
            }
        });
        return new MetaGraph(tags, nodes, functions, saver[0], saver[1], runRoots, signatures);
    }

    /** SignatureDef: 1 inputs, 2 outputs, maps to TensorInfo (1 name, 2 dtype, 3 tensor_shape). */
    private static Signature signature(ByteString bytes) throws IOException {
        Map<String, TensorInfo> inputs = new LinkedHashMap<>();
        Map<String, TensorInfo> outputs = new LinkedHashMap<>();
        lengthDelimited(bytes, (number, value) -> {
            if (number == 1 || number == 2) {
                (number == 1 ? inputs : outputs).put(mapKey(value), tensorInfo(mapValue(value)));
            }
        });
        return new Signature(inputs, outputs);
    }

    private static TensorInfo tensorInfo(ByteString bytes) throws IOException {
        String[] name = {""};
        long[] dtype = {0};
        long[][] shape = {null};
        fields(bytes, (number, wireType, in) -> {
            if (number == 1 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                name[0] = in.readStringRequireUtf8();
            } else if (number == 2 && wireType == WireFormat.WIRETYPE_VARINT) {
                dtype[0] = in.readInt64();
            } else if (number == 3 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                shape[0] = shape(in.readBytes());
            } else {
                return false;
            }
            return true;
        });
        return new TensorInfo(name[0], (int) dtype[0], shape[0]);
    }

    /**
     * TensorShapeProto: 2 dim (Dim: 1 size), 3 unknown_rank; null when the rank is unknown, -1 for an unknown
     * dimension.
     */
    public static long[] shape(ByteString bytes) throws IOException {
        List<Long> dims = new ArrayList<>();
        boolean[] unknownRank = {false};
        fields(bytes, (number, wireType, in) -> {
            if (number == 2 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                long[] size = {0};
                fields(in.readBytes(), (dimField, dimWire, dim) -> {
                    if (dimField == 1 && dimWire == WireFormat.WIRETYPE_VARINT) {
                        size[0] = dim.readInt64();
                        return true;
                    }
                    return false;
                });
                dims.add(size[0]);
            } else if (number == 3 && wireType == WireFormat.WIRETYPE_VARINT) {
                unknownRank[0] = in.readBool();
            } else {
                return false;
            }
            return true;
        });
        return unknownRank[0] ? null : dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** GraphDef: 1 node, 2 library; FunctionDefLibrary: 1 function. */
    private static void graph(ByteString bytes, Map<String, Node> nodes, Map<String, Function> functions)
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

    /**
     * FunctionDef: 1 signature (OpDef: 1 name, 2 input_arg, 3 output_arg, each ArgDef: 1 name), 3 node_def, 4 ret
     * (map from output argument to tensor).
     */
    private static void function(ByteString bytes, Map<String, Function> functions) throws IOException {
        String[] name = {""};
        List<String> inputArgs = new ArrayList<>();
        List<String> outputArgs = new ArrayList<>();
        Map<String, String> ret = new LinkedHashMap<>();
        List<Node> body = new ArrayList<>();
        lengthDelimited(bytes, (number, value) -> {
            if (number == 1) {
                lengthDelimited(value, (opDefField, opDefValue) -> {
                    switch (opDefField) {
                        case 1 -> name[0] = opDefValue.toStringUtf8();
                        case 2 -> inputArgs.add(argName(opDefValue));
                        case 3 -> outputArgs.add(argName(opDefValue));
                        default -> {
                        }
                    }
                });
            } else if (number == 3) {
                body.add(node(value));
            } else if (number == 4) {
                ret.put(mapKey(value), mapValue(value).toStringUtf8());
            }
        });
        Function previous = functions.get(name[0]);
        if (previous == null) {
            functions.put(name[0], new Function(name[0], inputArgs, outputArgs, ret, body));
        } else {
            // A name defined twice is checked as one function holding both bodies, whichever TensorFlow would take.
            previous.body().addAll(body);
        }
    }

    private static String argName(ByteString argDef) throws IOException {
        String[] name = {""};
        lengthDelimited(argDef, (number, value) -> {
            if (number == 1) {
                name[0] = value.toStringUtf8();
            }
        });
        return name[0];
    }

    /** NodeDef: 1 name, 2 op, 3 input, 5 attr. */
    private static Node node(ByteString bytes) throws IOException {
        String[] nameAndOp = {"", ""};
        List<String> inputs = new ArrayList<>();
        Set<String> functions = new LinkedHashSet<>();
        Map<String, ByteString> attrs = new LinkedHashMap<>();
        lengthDelimited(bytes, (number, value) -> {
            switch (number) {
                case 1 -> nameAndOp[0] = value.toStringUtf8();
                case 2 -> nameAndOp[1] = value.toStringUtf8();
                case 3 -> inputs.add(value.toStringUtf8());
                case 5 -> {
                    mapValues(value, attr -> attrFunctions(attr, functions, 0));
                    attrs.put(mapKey(value), mapValue(value));
                }
                default -> {
                }
            }
        });
        return new Node(nameAndOp[0], nameAndOp[1], inputs, functions, attrs);
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
        visitor.value(mapValue(entry));
    }

    private static ByteString mapValue(ByteString entry) throws IOException {
        return mapField(entry, 2);
    }

    private static String mapKey(ByteString entry) throws IOException {
        return mapField(entry, 1).toStringUtf8();
    }

    private static ByteString mapField(ByteString entry, int wanted) throws IOException {
        ByteString[] found = {ByteString.EMPTY};
        lengthDelimited(entry, (number, value) -> {
            if (number == wanted) {
                found[0] = value;
            }
        });
        return found[0];
    }

    /** Reads one field of any wire type from {@code in}, or returns false to have it skipped. */
    @FunctionalInterface
    interface AnyFieldVisitor {
        boolean field(int number, int wireType, CodedInputStream in) throws IOException;
    }

    /** Visits every field of a message; those the visitor does not read are skipped. */
    static void fields(ByteString message, AnyFieldVisitor visitor) throws IOException {
        CodedInputStream in = message.newCodedInput();
        in.enableAliasing(true);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (!visitor.field(WireFormat.getTagFieldNumber(tag), WireFormat.getTagWireType(tag), in)) {
                in.skipField(tag);
            }
        }
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
