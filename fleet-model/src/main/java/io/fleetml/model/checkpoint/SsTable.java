package io.fleetml.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a whole table in the LevelDB format TensorFlow writes a checkpoint's {@code .index} in: a 48-byte footer with
 * the handles of the metaindex and index blocks and a magic number; the index block maps each data block's last key to
 * its handle; every block is a run of entries with keys prefix-compressed against the previous one, then its restart
 * points, then a 5-byte trailer (compression type, masked CRC32C of block and type). TensorFlow writes blocks
 * uncompressed; a compressed one is refused rather than misread. An index is small (one entry per tensor), so it is
 * read into memory whole.
 */
final class SsTable {
    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER_SIZE = 48;
    private static final int TRAILER_SIZE = 5;
    private static final byte NO_COMPRESSION = 0;
    private static final byte SNAPPY = 1;

    private final Path file;
    private final ByteBuffer bytes;

    private SsTable(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Every key and value of the table, in key order; keys are UTF-8 (TensorFlow's are tensor names). */
    static Map<String, byte[]> read(Path file) throws IOException {
        return new SsTable(file, Files.readAllBytes(file)).entries();
    }

    private Map<String, byte[]> entries() throws IOException {
        if (bytes.capacity() < FOOTER_SIZE) {
            throw corrupt("it has " + bytes.capacity() + " bytes, less than a table's footer");
        }
        int footer = bytes.capacity() - FOOTER_SIZE;
        if (bytes.getLong(bytes.capacity() - 8) != MAGIC) {
            throw corrupt("it does not end in the table magic number");
        }
        ByteBuffer footerBytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(footer);
        readHandle(footerBytes);
        long[] index = readHandle(footerBytes);
        Map<String, byte[]> entries = new TreeMap<>();
        for (byte[] handle : block(index, "index").values()) {
            entries.putAll(block(readHandle(ByteBuffer.wrap(handle)), "data"));
        }
        return entries;
    }

    /** A BlockHandle: varint64 offset, varint64 size. */
    private long[] readHandle(ByteBuffer in) throws IOException {
        return new long[] {varint(in), varint(in)};
    }

    private Map<String, byte[]> block(long[] handle, String kind) throws IOException {
        long offset = handle[0];
        long size = handle[1];
        if (offset < 0 || size < 4 || offset + size + TRAILER_SIZE > bytes.capacity() - FOOTER_SIZE) {
            throw corrupt("its " + kind + " block at " + offset + " of " + size + " bytes lies outside the file");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        byte type = bytes.get(end);
        if (type == SNAPPY) {
            throw corrupt("its " + kind + " block at " + offset + " is snappy-compressed; TensorFlow writes "
                    + "checkpoint indexes uncompressed and this reader reads only those");
        }
        if (type != NO_COMPRESSION) {
            throw corrupt("its " + kind + " block at " + offset + " has unknown compression type " + type);
        }
        if (MaskedCrc32c.of(bytes.array(), start, (int) size + 1) != bytes.getInt(end + 1)) {
            throw corrupt("its " + kind + " block at " + offset + " does not match its CRC32C");
        }
        int restarts = bytes.getInt(end - 4);
        int entriesEnd = end - 4 - 4 * restarts;
        if (restarts < 1 || entriesEnd < start) {
            throw corrupt("its " + kind + " block at " + offset + " has " + restarts + " restart points");
        }
        Map<String, byte[]> entries = new TreeMap<>();
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(start).limit(entriesEnd);
        byte[] key = new byte[0];
        while (in.hasRemaining()) {
            int shared = (int) varint(in);
            int unshared = (int) varint(in);
            int valueLength = (int) varint(in);
            if (shared > key.length || unshared < 0 || valueLength < 0
                    || (long) unshared + valueLength > in.remaining()) {
                throw corrupt("an entry of its " + kind + " block at " + offset + " runs past the block");
            }
            byte[] next = new byte[shared + unshared];
            System.arraycopy(key, 0, next, 0, shared);
            in.get(next, shared, unshared);
            byte[] value = new byte[valueLength];
            in.get(value);
            key = next;
            entries.put(new String(key, StandardCharsets.UTF_8), value);
        }
        return entries;
    }

    private long varint(ByteBuffer in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw corrupt("a number runs past its block");
            }
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw corrupt("a number is longer than 10 bytes");
    }

    private IOException corrupt(String reason) {
        return new IOException(file.getFileName() + " is not a readable checkpoint index: " + reason);
    }
}
