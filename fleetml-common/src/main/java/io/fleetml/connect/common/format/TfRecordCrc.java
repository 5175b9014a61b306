package io.fleetml.connect.common.format;

import java.util.zip.CRC32C;

/**
 * The masked CRC32C that TFRecord files carry for each record's length and data, written by the sink and checked by
 * the trainer: one definition, so the two always agree on the bytes.
 */
public final class TfRecordCrc {
    // TensorFlow's mask: rotating and offsetting the CRC keeps a CRC of data that itself holds CRCs from looking valid.
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecordCrc() {
    }

    /** The masked CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int masked(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
