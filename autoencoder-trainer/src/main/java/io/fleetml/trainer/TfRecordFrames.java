package io.fleetml.trainer;

import io.fleetml.connect.common.format.TfRecordCrc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads TFRecord framing: per record a little-endian uint64 length, the masked CRC32C of those 8 bytes, the data, and
 * the masked CRC32C of the data. Both checksums are verified, so a damaged file fails with the record's number instead
 * of training on garbage.
 */
final class TfRecordFrames {
    private static final int HEADER = 8 + 4;
    private static final int FOOTER = 4;

    private TfRecordFrames() {
    }

    /** Receives one record's data; {@code number} counts from 1. */
    @FunctionalInterface
    interface FrameReader {
        void read(long number, byte[] data) throws IOException;
    }

    static void read(InputStream in, FrameReader frames) throws IOException {
        byte[] header = new byte[HEADER];
        for (long number = 1; ; number++) {
            int got = in.readNBytes(header, 0, HEADER);
            if (got == 0) {
                return;
            }
            if (got < HEADER) {
                throw new IOException("record #" + number + ": truncated, the header has " + got + " of " + HEADER + " bytes");
            }
            ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long length = head.getLong(0);
            if (head.getInt(8) != TfRecordCrc.masked(header, 0, 8)) {
                throw new IOException("record #" + number + ": the length's CRC does not match (the file is damaged)");
            }
            if (length < 0 || length > Integer.MAX_VALUE - FOOTER) {
                throw new IOException("record #" + number + ": length " + Long.toUnsignedString(length) + " is too large");
            }
            byte[] data = in.readNBytes((int) length);
            byte[] footer = in.readNBytes(FOOTER);
            if (data.length < length || footer.length < FOOTER) {
                throw new IOException("record #" + number + ": truncated, " + (data.length + footer.length) + " of "
                        + (length + FOOTER) + " bytes after the header");
            }
            if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt() != TfRecordCrc.masked(data, 0, data.length)) {
                throw new IOException("record #" + number + ": the data's CRC does not match (the file is damaged)");
            }
            frames.read(number, data);
        }
    }
}
