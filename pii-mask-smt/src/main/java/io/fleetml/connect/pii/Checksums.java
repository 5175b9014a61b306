package io.fleetml.connect.pii;

/** The check-digit algorithms that tell a real card number, IBAN or VIN from a random run of characters. */
final class Checksums {
    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int VIN_CHECK_POSITION = 8;

    private Checksums() {
    }

    /** Luhn (mod 10) over the digits of {@code digits[0..count)}. */
    static boolean luhn(int[] digits, int count) {
        int sum = 0;
        boolean doubled = false;
        for (int i = count - 1; i >= 0; i--) {
            int d = digits[i];
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 mod-97 check of an IBAN given without separators; letters are case-insensitive. */
    static boolean iban(CharSequence iban) {
        int n = iban.length();
        int remainder = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            int value = Character.isDigit(c) ? c - '0' : Character.toUpperCase(c) - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }

    /** The ISO 3779 check digit (position 9) of a 17-character VIN; {@code -1} if a character is not allowed in a VIN. */
    static int vinCheckDigit(CharSequence vin) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = vinValue(vin.charAt(i));
            if (value < 0) {
                return -1;
            }
            sum += value * VIN_WEIGHTS[i];
        }
        int check = sum % 11;
        return check == 10 ? 'X' : '0' + check;
    }

    static boolean vin(CharSequence vin) {
        int expected = vinCheckDigit(vin);
        return expected >= 0 && Character.toUpperCase(vin.charAt(VIN_CHECK_POSITION)) == expected;
    }

    /** Transliteration of ISO 3779; I, O and Q never occur in a VIN. */
    static int vinValue(char c) {
        char u = Character.toUpperCase(c);
        if (u >= '0' && u <= '9') {
            return u - '0';
        }
        switch (u) {
            case 'A': case 'J': return 1;
            case 'B': case 'K': case 'S': return 2;
            case 'C': case 'L': case 'T': return 3;
            case 'D': case 'M': case 'U': return 4;
            case 'E': case 'N': case 'V': return 5;
            case 'F': case 'W': return 6;
            case 'G': case 'P': case 'X': return 7;
            case 'H': case 'Y': return 8;
            case 'R': case 'Z': return 9;
            default: return -1;
        }
    }
}
