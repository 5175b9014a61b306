package io.fleetml.simulator;

import java.util.SplittableRandom;

/**
 * Vehicle and card identifiers that pass their check digits, as real ones do: the PII-mask SMT's free-text scan
 * recognizes VINs and card numbers by them, so anything that generates fleet records draws its identifiers here.
 */
public final class Identifiers {
    private static final String VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final String VIN_VALUES = "012345678912345678123457923456789";
    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    private Identifiers() {
    }

    /** A random VIN with a valid ISO 3779 check digit. */
    public static String vin(SplittableRandom random) {
        char[] vin = new char[17];
        for (int i = 0; i < 17; i++) {
            vin[i] = VIN_ALPHABET.charAt(random.nextInt(VIN_ALPHABET.length()));
        }
        vin[8] = vinCheckDigit(vin);
        return new String(vin);
    }

    /** ISO 3779 check digit (position 9) of a VIN. */
    public static char vinCheckDigit(char[] vin) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (VIN_VALUES.charAt(VIN_ALPHABET.indexOf(vin[i])) - '0') * VIN_WEIGHTS[i];
        }
        int check = sum % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }

    /** {@code count} random decimal digits, for card numbers and phone numbers. */
    public static String digits(SplittableRandom random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** Appends the Luhn check digit, making a valid-looking card number of the digits given. */
    public static String luhnCompleted(String payload) {
        int sum = 0;
        boolean doubled = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return payload + (char) ('0' + (10 - sum % 10) % 10);
    }
}
