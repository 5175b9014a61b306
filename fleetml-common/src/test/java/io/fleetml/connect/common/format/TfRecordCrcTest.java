package io.fleetml.connect.common.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TfRecordCrcTest {
    /**
     * The expected values are published CRC32C check values (0xe3069283 for "123456789", 0x8a9136aa for 32 zero bytes,
     * RFC 3720) masked by hand as TensorFlow does: rotated right by 15 bits, plus 0xa282ead8.
     */
    @Test
    void masksTheCrc32cOfPublishedCheckValuesAsTensorFlowDoes() {
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xc78ab0e5, TfRecordCrc.masked(digits, 0, digits.length));
        assertEquals(0x0fd7fffa, TfRecordCrc.masked(new byte[32], 0, 32));
    }

    @Test
    void coversOnlyTheGivenRange() {
        byte[] framed = "<<123456789>>".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xc78ab0e5, TfRecordCrc.masked(framed, 2, 9));
    }
}
