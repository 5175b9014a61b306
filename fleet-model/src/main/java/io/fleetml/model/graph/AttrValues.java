package io.fleetml.model.graph;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the attributes of a {@link SavedModelGraphs.Node} from their {@code AttrValue} bytes (attr_value.proto: 2 s,
 * 3 i, 4 f, 5 b, 6 type, 8 tensor, 10 func), and a {@code Const} node's tensor (tensor.proto). An attribute that is
 * absent or of another kind is empty.
 */
public final class AttrValues {
    /** TensorFlow's {@code DT_FLOAT}. */
    public static final int DT_FLOAT = 1;
    /** TensorFlow's {@code DT_STRING}. */
    public static final int DT_STRING = 7;

    private AttrValues() {
    }

    /** A constant tensor: dtype, shape, and its values as floats (DT_FLOAT) or strings (DT_STRING), else empty. */
    public record ConstTensor(int dtype, long[] shape, float[] floats, List<String> strings) {
        /** How many values the shape holds. */
        public long size() {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            return size;
        }
    }

    public static Optional<Integer> type(SavedModelGraphs.Node node, String name) throws IOException {
        return varint(node, name, 6).map(Long::intValue);
    }

    public static Optional<Boolean> bool(SavedModelGraphs.Node node, String name) throws IOException {
        return varint(node, name, 5).map(value -> value != 0);
    }

    public static Optional<Float> floatValue(SavedModelGraphs.Node node, String name) throws IOException {
        ByteString attr = node.attrs().get(name);
        if (attr == null) {
            return Optional.empty();
        }
        Float[] found = {null};
        SavedModelGraphs.fields(attr, (number, wireType, in) -> {
            if (number == 4 && wireType == WireFormat.WIRETYPE_FIXED32) {
                found[0] = in.readFloat();
                return true;
            }
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    /** The name of the function a {@code func} attribute names (NameAttrList: 1 name). */
    public static Optional<String> function(SavedModelGraphs.Node node, String name) throws IOException {
        ByteString attr = node.attrs().get(name);
        if (attr == null) {
            return Optional.empty();
        }
        String[] found = {null};
        SavedModelGraphs.fields(attr, (number, wireType, in) -> {
            if (number == 10 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                SavedModelGraphs.fields(in.readBytes(), (listField, listWire, list) -> {
                    if (listField == 1 && listWire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        found[0] = list.readStringRequireUtf8();
                        return true;
                    }
                    return false;
                });
                return true;
            }
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    /**
     * The tensor of attribute {@code name} (a {@code Const} node's {@code value}). TensorProto: 1 dtype, 2 tensor_shape,
     * 4 tensor_content (little-endian), 5 float_val, 8 string_val; a single value stands for every element, as
     * TensorFlow fills a tensor from it.
     */
    public static Optional<ConstTensor> tensor(SavedModelGraphs.Node node, String name) throws IOException {
        ByteString attr = node.attrs().get(name);
        if (attr == null) {
            return Optional.empty();
        }
        ByteString[] tensor = {null};
        SavedModelGraphs.fields(attr, (number, wireType, in) -> {
            if (number == 8 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                tensor[0] = in.readBytes();
                return true;
            }
            return false;
        });
        return tensor[0] == null ? Optional.empty() : Optional.of(constTensor(tensor[0]));
    }

    private static ConstTensor constTensor(ByteString bytes) throws IOException {
        long[] dtype = {0};
        long[][] shape = {new long[0]};
        ByteString[] content = {ByteString.EMPTY};
        List<Float> floats = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        SavedModelGraphs.fields(bytes, (number, wireType, in) -> {
            switch (number) {
                case 1 -> dtype[0] = in.readInt64();
                case 2 -> shape[0] = SavedModelGraphs.shape(in.readBytes());
                case 4 -> content[0] = in.readBytes();
                case 5 -> {
                    if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> strings.add(in.readBytes().toStringUtf8());
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (shape[0] == null) {
            throw new IOException("a constant tensor has no known shape");
        }
        ConstTensor shapeOnly = new ConstTensor((int) dtype[0], shape[0], new float[0], List.of());
        long size = shapeOnly.size();
        float[] values = new float[0];
        if (dtype[0] == DT_FLOAT) {
            values = floatValues(content[0], floats, size);
        }
        if (dtype[0] == DT_STRING && !content[0].isEmpty()) {
            strings.addAll(stringContent(content[0], size));
        }
        return new ConstTensor((int) dtype[0], shape[0], values, List.copyOf(strings));
    }

    /**
     * Strings packed into {@code tensor_content}, as TensorFlow Java writes them: the varint length of each string,
     * then all their bytes.
     */
    private static List<String> stringContent(ByteString content, long size) throws IOException {
        CodedInputStream in = content.newCodedInput();
        long[] lengths = new long[(int) Math.min(size, content.size())];
        if (lengths.length != size) {
            throw new IOException("a constant tensor of " + size + " strings has only " + content.size() + " bytes");
        }
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = in.readUInt32();
        }
        List<String> strings = new ArrayList<>();
        for (long length : lengths) {
            strings.add(new String(in.readRawBytes((int) length), StandardCharsets.UTF_8));
        }
        return strings;
    }

    private static float[] floatValues(ByteString content, List<Float> listed, long size) throws IOException {
        if (size > Integer.MAX_VALUE / 4) {
            throw new IOException("a constant tensor of " + size + " floats is larger than any dense layer");
        }
        float[] values = new float[(int) size];
        if (!content.isEmpty()) {
            if (content.size() != 4 * size) {
                throw new IOException("a constant tensor of " + size + " floats has " + content.size() + " bytes");
            }
            content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else if (!listed.isEmpty()) {
            if (listed.size() > size) {
                throw new IOException("a constant tensor of " + size + " floats lists " + listed.size());
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = listed.get(Math.min(i, listed.size() - 1));
            }
        }
        return values;
    }

    private static Optional<Long> varint(SavedModelGraphs.Node node, String name, int field) throws IOException {
        ByteString attr = node.attrs().get(name);
        if (attr == null) {
            return Optional.empty();
        }
        Long[] found = {null};
        SavedModelGraphs.fields(attr, (number, wireType, in) -> {
            if (number == field && wireType == WireFormat.WIRETYPE_VARINT) {
                found[0] = in.readInt64();
                return true;
            }
            return false;
        });
        return Optional.ofNullable(found[0]);
    }
}
