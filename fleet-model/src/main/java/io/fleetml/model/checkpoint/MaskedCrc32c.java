package io.fleetml.model.checkpoint;

import java.util.zip.CRC32C;

/**
 * CRC32C as TensorFlow stores it in checkpoints and their tables: masked (rotated and offset), so that a CRC computed
 * over bytes that themselves hold CRCs does not degenerate.
 */
final class MaskedCrc32c {
    private static final int MASK_DELTA = 0xa282ead8;

    private MaskedCrc32c() {
    }

    static int of(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return mask((int) crc.getValue());
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}
