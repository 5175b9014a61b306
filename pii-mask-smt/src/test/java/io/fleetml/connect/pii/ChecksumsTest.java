package io.fleetml.connect.pii;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumsTest {
    private static int[] digits(String s) {
        return s.chars().map(c -> c - '0').toArray();
    }

    @Test
    void luhnAcceptsKnownTestCardsAndRejectsOffByOne() {
        assertTrue(Checksums.luhn(digits("4111111111111111"), 16));
        assertTrue(Checksums.luhn(digits("5500005555555559"), 16));
        assertTrue(Checksums.luhn(digits("378282246310005"), 15));
        assertFalse(Checksums.luhn(digits("4111111111111112"), 16));
    }

    @Test
    void ibanMod97() {
        assertTrue(Checksums.iban("DE89370400440532013000"));
        assertTrue(Checksums.iban("GB82WEST12345698765432"));
        assertTrue(Checksums.iban("gb82west12345698765432"));
        assertFalse(Checksums.iban("DE89370400440532013001"));
    }

    @Test
    void vinCheckDigitAtPositionNine() {
        assertTrue(Checksums.vin("1M8GDM9AXKP042788"));
        assertTrue(Checksums.vin("11111111111111111"));
        assertEquals('X', Checksums.vinCheckDigit("1M8GDM9AXKP042788"));
        assertFalse(Checksums.vin("1M8GDM9A1KP042788"));
        assertFalse(Checksums.vin("1M8GDM9AXKP04278O"), "O is not a VIN character");
    }
}
