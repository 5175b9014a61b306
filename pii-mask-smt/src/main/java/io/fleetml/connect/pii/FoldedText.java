package io.fleetml.connect.pii;

/**
 * A text as the scanner's recognizers read it: every Unicode decimal digit becomes its ASCII digit, every dash and
 * minus sign an ASCII '-', every space character (no-break and thin spaces separate digit groups too) an ASCII space,
 * and full-width ASCII forms their ASCII letter. PII written with such characters is then found by the same ASCII
 * recognizers, and hits are mapped back to positions in the original text. Other characters, such as the letters of
 * an internationalized e-mail address, are kept.
 */
final class FoldedText {
    private static final char MINUS_SIGN = '\u2212';
    private static final char FULL_WIDTH_FIRST = '\uFF01';
    private static final char FULL_WIDTH_LAST = '\uFF5E';
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;

    private final String text;
    /** Position in the original text of each folded position (and of the end), or null when they are the same. */
    private final int[] origin;

    private FoldedText(String text, int[] origin) {
        this.text = text;
        this.origin = origin;
    }

    /** Folds {@code original}; ASCII text, the usual case, is used as it is. */
    static FoldedText of(String original) {
        int n = original.length();
        int k = 0;
        while (k < n && original.charAt(k) < 0x80) {
            k++;
        }
        if (k == n) {
            return new FoldedText(original, null);
        }
        StringBuilder folded = new StringBuilder(n).append(original, 0, k);
        int[] origin = null;
        while (k < n) {
            int cp = original.codePointAt(k);
            int width = Character.charCount(cp);
            char ascii = fold(cp);
            if (ascii != 0) {
                if (width == 2 && origin == null) {
                    origin = identity(folded.length(), n);
                }
                if (origin != null) {
                    origin[folded.length()] = k;
                }
                folded.append(ascii);
            } else {
                for (int c = 0; c < width; c++) {
                    if (origin != null) {
                        origin[folded.length()] = k + c;
                    }
                    folded.append(original.charAt(k + c));
                }
            }
            k += width;
        }
        if (origin != null) {
            origin[folded.length()] = n;
        }
        return new FoldedText(folded.toString(), origin);
    }

    private static int[] identity(int upTo, int originalLength) {
        int[] origin = new int[originalLength + 1];
        for (int i = 0; i < upTo; i++) {
            origin[i] = i;
        }
        return origin;
    }

    /** The ASCII character {@code cp} stands for, or 0 when it is kept as it is. */
    private static char fold(int cp) {
        if (cp < 0x80) {
            return (char) cp;
        }
        if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
            return (char) ('0' + Character.digit(cp, 10));
        }
        if (Character.getType(cp) == Character.DASH_PUNCTUATION || cp == MINUS_SIGN) {
            return '-';
        }
        if (Character.isSpaceChar(cp)) {
            return ' ';
        }
        if (cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST) {
            return (char) (cp - FULL_WIDTH_OFFSET);
        }
        return 0;
    }

    String text() {
        return text;
    }

    /** The position in the original text of folded position {@code i} (0 to the folded length). */
    int original(int i) {
        return origin == null ? i : origin[i];
    }
}
