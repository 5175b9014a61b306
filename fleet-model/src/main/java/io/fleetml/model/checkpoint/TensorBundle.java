package io.fleetml.model.checkpoint;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.fleetml.model.graph.AttrValues;
import io.fleetml.model.graph.SavedModelGraphs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * The variables of a SavedModel as TensorFlow's tensor bundle stores them, read without TensorFlow: the index
 * {@code variables/variables.index} ({@link SsTable}) maps each checkpoint key to a {@code BundleEntryProto} (1 dtype,
 * 2 shape, 3 shard_id, 4 offset, 5 size, 6 crc32c, 7 slices), the empty key holding the {@code BundleHeaderProto}
 * (1 num_shards, 2 endianness); the values lie in {@code variables/variables.data-NNNNN-of-MMMMM}. Each tensor read is
 * checked against its masked CRC32C.
 */
public final class TensorBundle {
    public static final String VARIABLES_DIR = "variables";
    private static final String PREFIX = "variables";
    private static final int LITTLE_ENDIAN = 0;

    /** A float tensor: its shape and values in row-major order. */
    public record FloatTensor(long[] shape, float[] values) {
    }

    private final Path dir;
    private final Map<String, byte[]> index;
    private final int shards;

    private TensorBundle(Path dir, Map<String, byte[]> index, int shards) {
        this.dir = dir;
        this.index = index;
        this.shards = shards;
    }

    /** The bundle of the SavedModel in {@code savedModelDir}; an {@link IOException} naming the file when unreadable. */
    public static TensorBundle open(Path savedModelDir) throws IOException {
        Path dir = savedModelDir.resolve(VARIABLES_DIR);
        Path indexFile = dir.resolve(PREFIX + ".index");
        if (!Files.isRegularFile(indexFile)) {
            throw new IOException("the SavedModel has no " + VARIABLES_DIR + "/" + indexFile.getFileName());
        }
        Map<String, byte[]> index = SsTable.read(indexFile);
        byte[] header = index.get("");
        if (header == null) {
            throw new IOException(indexFile.getFileName() + " has no bundle header (its empty key)");
        }
        long[] numShardsAndEndianness = {1, LITTLE_ENDIAN};
        fields(header, (number, wireType, in) -> {
            if ((number == 1 || number == 2) && wireType == WireFormat.WIRETYPE_VARINT) {
                numShardsAndEndianness[number - 1] = in.readInt64();
                return true;
            }
            return false;
        }, indexFile.getFileName().toString());
        if (numShardsAndEndianness[1] != LITTLE_ENDIAN) {
            throw new IOException(indexFile.getFileName() + " holds big-endian tensors; this reader reads little-endian");
        }
        if (numShardsAndEndianness[0] < 1 || numShardsAndEndianness[0] > 99_999) {
            throw new IOException(indexFile.getFileName() + " has " + numShardsAndEndianness[0] + " shards");
        }
        return new TensorBundle(dir, index, (int) numShardsAndEndianness[0]);
    }

    /** Whether the bundle holds {@code key}. */
    public boolean contains(String key) {
        return !key.isEmpty() && index.containsKey(key);
    }

    /** The DT_FLOAT tensor stored under {@code key}, checked against its CRC32C. */
    public FloatTensor floats(String key) throws IOException {
        byte[] entryBytes = index.get(key);
        if (key.isEmpty() || entryBytes == null) {
            throw new IOException("the checkpoint has no tensor '" + key + "'");
        }
        Entry entry = entry(key, entryBytes);
        if (entry.dtype != AttrValues.DT_FLOAT) {
            throw new IOException("tensor '" + key + "' has dtype " + entry.dtype + ", expected DT_FLOAT ("
                    + AttrValues.DT_FLOAT + ")");
        }
        long count = 1;
        for (long dim : entry.shape) {
            count *= dim;
        }
        if (entry.size != 4 * count || count > Integer.MAX_VALUE / 4) {
            throw new IOException("tensor '" + key + "' of shape " + Arrays.toString(entry.shape) + " takes "
                    + entry.size + " bytes, expected " + 4 * count);
        }
        Path data = dir.resolve(String.format("%s.data-%05d-of-%05d", PREFIX, entry.shard, shards));
        byte[] bytes = new byte[(int) entry.size];
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, entry.offset + buffer.position()) < 0) {
                    throw new IOException(data.getFileName() + " ends before tensor '" + key + "' at byte "
                            + entry.offset + " of " + entry.size);
                }
            }
        }
        if (MaskedCrc32c.of(bytes, 0, bytes.length) != entry.crc32c) {
            throw new IOException("tensor '" + key + "' in " + data.getFileName()
                    + " does not match its CRC32C: the checkpoint is corrupt");
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new FloatTensor(entry.shape, values);
    }

    private record Entry(int dtype, long[] shape, int shard, long offset, long size, int crc32c) {
    }

    private Entry entry(String key, byte[] bytes) throws IOException {
        long[] numbers = new long[6];
        long[][] shape = {new long[0]};
        boolean[] sliced = {false};
        fields(bytes, (number, wireType, in) -> {
            switch (number) {
                case 1, 3, 4, 5 -> numbers[number - 1] = in.readInt64();
                case 2 -> shape[0] = SavedModelGraphs.shape(in.readBytes());
                case 6 -> numbers[5] = in.readFixed32();
                case 7 -> {
                    sliced[0] = true;
                    in.readBytes();
                }
                default -> {
                    return false;
                }
            }
            return true;
        }, "the entry of tensor '" + key + "'");
        if (sliced[0]) {
            throw new IOException("tensor '" + key + "' is stored in slices (a partitioned variable); this reader "
                    + "reads whole tensors");
        }
        if (shape[0] == null || numbers[2] < 0 || numbers[2] >= shards || numbers[3] < 0 || numbers[4] < 0) {
            throw new IOException("the entry of tensor '" + key + "' is malformed");
        }
        return new Entry((int) numbers[0], shape[0], (int) numbers[2], numbers[3], numbers[4], (int) numbers[5]);
    }

    @FunctionalInterface
    private interface FieldReader {
        boolean read(int number, int wireType, CodedInputStream in) throws IOException;
    }

    private static void fields(byte[] message, FieldReader reader, String what) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (!reader.read(WireFormat.getTagFieldNumber(tag), WireFormat.getTagWireType(tag), in)) {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new IOException(what + " is not a protobuf message: " + e.getMessage(), e);
        }
    }

    /** For messages: where the values lie. */
    @Override
    public String toString() {
        return dir.toString();
    }
}
