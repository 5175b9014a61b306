package io.fleetml.connect.pii;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Finds PII in free text with hand-written single-pass recognizers (no regular expressions: this runs once per record
 * on the hot path) and replaces each hit with its detector's tag. Recognizers that have a checksum use it, so plain
 * numbers that merely look like a card, IBAN or VIN are left alone. They read the text {@link FoldedText folded}, so
 * full-width and other Unicode digits, Unicode dashes and spaces count like their ASCII forms.
 */
final class FreeTextScanner {
    private static final int MAX_CARD_DIGITS = 19;
    private static final int MIN_CARD_DIGITS = 13;
    private static final int MIN_IBAN = 15;
    private static final int MAX_IBAN = 34;
    private static final int VIN_LENGTH = 17;
    private static final int MAX_PHONE_DIGITS = 15;
    /** {grouped like a card (1 or 0), first group, last group, digits}: best first. */
    private static final Comparator<int[]> CARD_WINDOW_PRIORITY = Comparator.<int[]>comparingInt(w -> -w[0])
            .thenComparingInt(w -> -w[3]).thenComparingInt(w -> w[1]);

    private final Detector[] detectors;
    private final PiiMaskMetrics.Counter matches;

    FreeTextScanner(Collection<Detector> enabled, PiiMaskMetrics.Counter matches) {
        this.detectors = EnumSet.copyOf(enabled).toArray(Detector[]::new);
        this.matches = matches;
    }

    /**
     * Returns {@code text} itself when it holds nothing to replace, so clean text costs no allocation; each replaced
     * hit counts on {@code matches}.
     */
    String scan(String text) {
        FoldedText folded = FoldedText.of(text);
        String s = folded.text();
        Hits hits = new Hits();
        for (Detector detector : detectors) {
            switch (detector) {
                case EMAIL -> findEmails(s, hits);
                case IBAN -> findIbans(s, hits);
                case CARD -> findCards(s, hits);
                case VIN -> findVins(s, hits);
                case IPV6 -> findIpv6(s, hits);
                case IPV4 -> findIpv4(s, hits);
                case PHONE -> findPhones(s, hits);
            }
        }
        if (hits.size == 0) {
            return text;
        }
        matches.add(hits.size);
        return hits.render(text, folded);
    }

    private static void findEmails(String s, Hits hits) {
        int n = s.length();
        int at = s.indexOf('@');
        while (at >= 0) {
            int start = at;
            while (start > 0 && isLocalPartChar(s.charAt(start - 1))) {
                start--;
            }
            while (start < at && s.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < n && (isWordChar(s.charAt(end)) || s.charAt(end) == '.' || s.charAt(end) == '-')) {
                end++;
            }
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
                end--;
            }
            int lastDot = s.lastIndexOf('.', end - 1);
            if (start < at && lastDot > at + 1 && end - lastDot > 2 && allLetters(s, lastDot + 1, end)) {
                hits.add(start, end, Detector.EMAIL);
            }
            at = s.indexOf('@', Math.max(end, at + 1));
        }
    }

    private static void findIbans(String s, Hits hits) {
        int n = s.length();
        int i = 0;
        while (i + 3 < n) {
            if (!(isAsciiLetter(s.charAt(i)) && isAsciiLetter(s.charAt(i + 1)) && isDigit(s.charAt(i + 2))
                    && isDigit(s.charAt(i + 3)) && boundaryBefore(s, i))) {
                i++;
                continue;
            }
            StringBuilder compact = new StringBuilder(MAX_IBAN);
            int[] groupEnds = new int[MAX_IBAN];
            int[] groupLengths = new int[MAX_IBAN];
            int groups = 0;
            int groupLength = 0;
            char separator = 0;
            int j = i;
            while (j < n && compact.length() < MAX_IBAN + 4) {
                char c = s.charAt(j);
                if (isAsciiAlnum(c)) {
                    compact.append(c);
                    groupLength++;
                    j++;
                } else if (isGroupSeparator(c) && (separator == 0 || c == separator) && groupLength == 4 && j + 1 < n
                        && isAsciiAlnum(s.charAt(j + 1)) && groups < MAX_IBAN - 1) {
                    separator = c;
                    groupEnds[groups] = j;
                    groupLengths[groups++] = compact.length();
                    groupLength = 0;
                    j++;
                } else {
                    break;
                }
            }
            groupEnds[groups] = j;
            groupLengths[groups++] = compact.length();
            // Printed IBANs come in groups of four; when the whole run fails, a following word may have been swallowed.
            for (int g = groups - 1; g >= 0; g--) {
                int length = groupLengths[g];
                if (length >= MIN_IBAN && length <= MAX_IBAN && boundaryAfter(s, groupEnds[g])
                        && Checksums.iban(compact.subSequence(0, length))) {
                    hits.add(i, groupEnds[g], Detector.IBAN);
                    break;
                }
            }
            i = Math.max(j, i + 1);
        }
    }

    /**
     * Cards in a run of digit groups. Any consecutive groups joined by one kind of separator may be the card, so a
     * quantity, year or reference written in front of it ("qty 3 4111 1111 1111 1111") does not hide it. Of windows
     * of 13 to 19 digits that pass Luhn and overlap, the one grouped like a card is taken, then the longest (so at
     * most four digits of a card stay visible when a number in front completes another valid window), then the
     * leftmost.
     */
    private static void findCards(String s, Hits hits) {
        int n = s.length();
        DigitGroups run = null;
        int i = 0;
        while (i < n) {
            if (!isDigit(s.charAt(i)) || !boundaryBefore(s, i)) {
                i++;
                continue;
            }
            if (run == null) {
                run = new DigitGroups();
            }
            int end = run.read(s, i);
            if (run.digitCount >= MIN_CARD_DIGITS) {
                // A number after '+' is a phone number's country code, not the start of a card.
                maskCardWindows(run, s, i > 0 && s.charAt(i - 1) == '+', boundaryAfter(s, end) ? run.size : run.size - 1, hits);
            }
            i = end;
        }
    }

    /** Masks the best card windows among the first {@code usable} groups of {@code run}. */
    private static void maskCardWindows(DigitGroups run, String s, boolean firstIsCountryCode, int usable, Hits hits) {
        List<int[]> windows = new ArrayList<>(2);
        for (int first = firstIsCountryCode ? 1 : 0; first < usable; first++) {
            int count = 0;
            for (int last = first; last < usable; last++) {
                if (last > first && run.separators[last] != run.separators[first + 1]) {
                    break;
                }
                count += run.ends[last] - run.starts[last];
                if (count > MAX_CARD_DIGITS) {
                    break;
                }
                if (count >= MIN_CARD_DIGITS && Checksums.luhn(run.digits(s, first, last), count)) {
                    windows.add(new int[] {run.groupedLikeACard(first, last) ? 1 : 0, first, last, count});
                }
            }
        }
        windows.sort(CARD_WINDOW_PRIORITY);
        for (int[] window : windows) {
            hits.add(run.starts[window[1]], run.ends[window[2]], Detector.CARD);
        }
    }

    private static void findVins(String s, Hits hits) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isAsciiAlnum(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            boolean letter = false;
            boolean digit = false;
            while (j < n && isAsciiAlnum(s.charAt(j))) {
                letter |= isAsciiLetter(s.charAt(j));
                digit |= isDigit(s.charAt(j));
                j++;
            }
            if (j - i == VIN_LENGTH && letter && digit && boundaryBefore(s, i) && boundaryAfter(s, j)
                    && Checksums.vin(s.subSequence(i, j))) {
                hits.add(i, j, Detector.VIN);
            }
            i = j;
        }
    }

    private static void findIpv4(String s, Hits hits) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(s.charAt(i)) || !boundaryBefore(s, i) || (i > 0 && s.charAt(i - 1) == '.')) {
                i++;
                continue;
            }
            int end = ipv4End(s, i);
            if (end > 0 && !(end < n && (isAsciiAlnum(s.charAt(end)) || (s.charAt(end) == '.' && end + 1 < n && isDigit(s.charAt(end + 1)))))) {
                hits.add(i, end, Detector.IPV4);
                i = end;
            } else {
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
    }

    /** End of a dotted quad starting at {@code i}, or -1. */
    private static int ipv4End(CharSequence s, int i) {
        int n = s.length();
        int j = i;
        for (int octet = 0; octet < 4; octet++) {
            int start = j;
            int value = 0;
            while (j < n && j - start < 3 && isDigit(s.charAt(j))) {
                value = value * 10 + s.charAt(j) - '0';
                j++;
            }
            if (j == start || value > 255 || (j < n && isDigit(s.charAt(j)))) {
                return -1;
            }
            if (octet < 3) {
                if (j >= n || s.charAt(j) != '.') {
                    return -1;
                }
                j++;
            }
        }
        return j;
    }

    private static void findIpv6(String s, Hits hits) {
        if (s.indexOf(':') < 0) {
            return;
        }
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!(isHex(c) || c == ':') || (i > 0 && (isAsciiAlnum(s.charAt(i - 1)) || s.charAt(i - 1) == ':' || s.charAt(i - 1) == '.'))) {
                i++;
                continue;
            }
            int j = i;
            int colons = 0;
            while (j < n && (isHex(s.charAt(j)) || s.charAt(j) == ':' || s.charAt(j) == '.')) {
                colons += s.charAt(j) == ':' ? 1 : 0;
                j++;
            }
            int end = j;
            while (end > i && s.charAt(end - 1) == '.') {
                end--;
            }
            if (colons >= 2 && boundaryAfter(s, j) && validIpv6(s.subSequence(i, end))) {
                hits.add(i, end, Detector.IPV6);
            }
            i = Math.max(j, i + 1);
        }
    }

    static boolean validIpv6(CharSequence t) {
        int len = t.length();
        int groups = 0;
        boolean compressed = false;
        int k = 0;
        if (len >= 2 && t.charAt(0) == ':' && t.charAt(1) == ':') {
            compressed = true;
            k = 2;
        } else if (len > 0 && t.charAt(0) == ':') {
            return false;
        }
        while (k < len) {
            int start = k;
            while (k < len && isHex(t.charAt(k))) {
                k++;
            }
            if (k < len && t.charAt(k) == '.') {
                if (ipv4End(t, start) != len) {
                    return false;
                }
                groups += 2;
                break;
            }
            int groupLength = k - start;
            if (groupLength == 0 || groupLength > 4) {
                return false;
            }
            groups++;
            if (k == len) {
                break;
            }
            k++;
            if (k < len && t.charAt(k) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                k++;
            } else if (k == len) {
                return false;
            }
        }
        return compressed ? groups >= 1 && groups < 8 : groups == 8;
    }

    private static void findPhones(String s, Hits hits) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean plus = c == '+' && i + 1 < n && isDigit(s.charAt(i + 1)) && boundaryBefore(s, i);
            boolean national = (isDigit(c) || c == '(') && boundaryBefore(s, i) && !(i > 0 && s.charAt(i - 1) == '+');
            if (!plus && !national) {
                i++;
                continue;
            }
            int j = plus ? i + 1 : i;
            int digits = 0;
            int groups = 0;
            int firstDigit = -1;
            int lastDigitEnd = -1;
            boolean inGroup = false;
            boolean parenOpen = false;
            boolean dotSeparated = false;
            boolean otherSeparated = false;
            boolean continues = false;
            while (j < n) {
                char ch = s.charAt(j);
                if (isDigit(ch)) {
                    if (firstDigit < 0) {
                        firstDigit = j;
                    }
                    digits++;
                    if (!inGroup) {
                        groups++;
                        inGroup = true;
                    }
                    lastDigitEnd = ++j;
                    continue;
                }
                inGroup = false;
                if (ch == '(' && !parenOpen && j + 1 < n && isDigit(s.charAt(j + 1))) {
                    parenOpen = true;
                } else if (ch == ')' && parenOpen) {
                    parenOpen = false;
                } else if ((ch == ' ' || ch == '-' || ch == '.' || (ch == '/' && groups == 1)) && j + 1 < n
                        && (isDigit(s.charAt(j + 1)) || s.charAt(j + 1) == '(')) {
                    // A slash only sets off the area code ("089/1234567"); anywhere else it is a date or a longer number.
                    dotSeparated |= ch == '.';
                    otherSeparated |= ch != '.';
                } else {
                    continues = isGroupSeparator(ch) && j + 1 < n && isDigit(s.charAt(j + 1));
                    break;
                }
                j++;
            }
            // Dots mixed with other separators read as decimals ("48.13 11.57"), not as a phone number.
            boolean shaped = plus ? digits >= 8
                    : digits >= 10 && (groups >= 2 || (s.charAt(firstDigit) == '0' && digits <= 12));
            if (lastDigitEnd > 0 && shaped && digits <= MAX_PHONE_DIGITS && !(dotSeparated && otherSeparated) && !continues
                    && boundaryAfter(s, lastDigitEnd)) {
                hits.add(i, lastDigitEnd, Detector.PHONE);
            }
            i = Math.max(j, i + 1);
        }
    }

    private static boolean boundaryBefore(CharSequence s, int i) {
        return i == 0 || !isAsciiAlnum(s.charAt(i - 1));
    }

    private static boolean boundaryAfter(CharSequence s, int end) {
        return end >= s.length() || !isAsciiAlnum(s.charAt(end));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** What joins the digit groups of a card or the blocks of an IBAN as people write them. */
    private static boolean isGroupSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '_' || c == '/';
    }

    /** A letter or digit of any script, as internationalized e-mail addresses (RFC 6531) and domains allow. */
    private static boolean isWordChar(char c) {
        if (c < 0x80) {
            return isAsciiAlnum(c);
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isLocalPartChar(char c) {
        return isWordChar(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean allLetters(CharSequence s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!(isAsciiLetter(c) || (c >= 0x80 && isWordChar(c) && !Character.isDigit(c)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The digit groups of one run such as {@code 3 4111 1111 1111 1111}: where each group starts and ends, and the
     * separator in front of it (0 for the first). Reused from run to run of one scan.
     */
    private static final class DigitGroups {
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private char[] separators = new char[8];
        private final int[] digits = new int[MAX_CARD_DIGITS];
        private int size;
        private int digitCount;

        /** Reads the run starting at {@code i}; returns where it ends. */
        int read(String s, int i) {
            int n = s.length();
            size = 0;
            digitCount = 0;
            int j = i;
            char separator = 0;
            while (true) {
                int start = j;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
                add(start, j, separator);
                if (j + 1 < n && isGroupSeparator(s.charAt(j)) && isDigit(s.charAt(j + 1))) {
                    separator = s.charAt(j);
                    j++;
                } else {
                    return j;
                }
            }
        }

        private void add(int start, int end, char separator) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                separators = Arrays.copyOf(separators, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            separators[size++] = separator;
            digitCount += end - start;
        }

        /**
         * Whether groups {@code first..last} are laid out as cards are printed: one block, blocks of four with a
         * shorter last one, or 4-6-4/4-6-5 (Diners, Amex).
         */
        boolean groupedLikeACard(int first, int last) {
            if (first == last) {
                return true;
            }
            if (last - first == 2 && ends[first] - starts[first] == 4 && ends[first + 1] - starts[first + 1] == 6) {
                return true;
            }
            for (int g = first; g < last; g++) {
                if (ends[g] - starts[g] != 4) {
                    return false;
                }
            }
            return ends[last] - starts[last] <= 4;
        }

        /** The digit values of groups {@code first..last}, at most {@code MAX_CARD_DIGITS} of them. */
        int[] digits(String s, int first, int last) {
            int count = 0;
            for (int g = first; g <= last; g++) {
                for (int k = starts[g]; k < ends[g]; k++) {
                    digits[count++] = s.charAt(k) - '0';
                }
            }
            return digits;
        }
    }

    /** Non-overlapping hits found so far; a later, lower-priority detector cannot claim text an earlier one took. */
    private static final class Hits {
        private int[] starts = new int[4];
        private int[] ends = new int[4];
        private Detector[] kinds = new Detector[4];
        private int size;

        void add(int start, int end, Detector kind) {
            for (int k = 0; k < size; k++) {
                if (start < ends[k] && starts[k] < end) {
                    return;
                }
            }
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                kinds = Arrays.copyOf(kinds, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            kinds[size++] = kind;
        }

        /** The original text with each hit, found at folded positions, replaced by its tag. */
        String render(String text, FoldedText folded) {
            Integer[] order = new Integer[size];
            for (int k = 0; k < size; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(starts[a], starts[b]));
            StringBuilder out = new StringBuilder(text.length());
            int at = 0;
            for (int k : order) {
                out.append(text, at, folded.original(starts[k])).append(kinds[k].tag());
                at = folded.original(ends[k]);
            }
            return out.append(text, at, text.length()).toString();
        }
    }
}
