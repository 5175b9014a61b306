package io.fleetml.connect.pii;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;

/**
 * Finds PII in free text with hand-written single-pass recognizers (no regular expressions: this runs once per record
 * on the hot path) and replaces each hit with its detector's tag. Recognizers that have a checksum use it, so plain
 * numbers that merely look like a card, IBAN or VIN are left alone.
 */
final class FreeTextScanner {
    private static final int MAX_CARD_DIGITS = 19;
    private static final int MIN_CARD_DIGITS = 13;
    private static final int MIN_IBAN = 15;
    private static final int MAX_IBAN = 34;
    private static final int VIN_LENGTH = 17;
    private static final int MAX_PHONE_DIGITS = 15;

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
        Hits hits = new Hits();
        for (Detector detector : detectors) {
            switch (detector) {
                case EMAIL -> findEmails(text, hits);
                case IBAN -> findIbans(text, hits);
                case CARD -> findCards(text, hits);
                case VIN -> findVins(text, hits);
                case IPV6 -> findIpv6(text, hits);
                case IPV4 -> findIpv4(text, hits);
                case PHONE -> findPhones(text, hits);
            }
        }
        if (hits.size == 0) {
            return text;
        }
        matches.add(hits.size);
        return hits.render(text);
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
            while (end < n && (isAsciiAlnum(s.charAt(end)) || s.charAt(end) == '.' || s.charAt(end) == '-')) {
                end++;
            }
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
                end--;
            }
            int lastDot = s.lastIndexOf('.', end - 1);
            if (start < at && lastDot > at + 1 && end - lastDot > 2 && allAsciiLetters(s, lastDot + 1, end)) {
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
            int j = i;
            while (j < n && compact.length() < MAX_IBAN + 4) {
                char c = s.charAt(j);
                if (isAsciiAlnum(c)) {
                    compact.append(c);
                    groupLength++;
                    j++;
                } else if (c == ' ' && groupLength == 4 && j + 1 < n && isAsciiAlnum(s.charAt(j + 1)) && groups < MAX_IBAN - 1) {
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

    private static void findCards(String s, Hits hits) {
        int n = s.length();
        int[] digits = new int[MAX_CARD_DIGITS + 1];
        int[] groupEnds = new int[MAX_CARD_DIGITS + 1];
        int[] groupCounts = new int[MAX_CARD_DIGITS + 1];
        int i = 0;
        while (i < n) {
            if (!isDigit(s.charAt(i)) || !boundaryBefore(s, i) || (i > 0 && s.charAt(i - 1) == '+')) {
                i++;
                continue;
            }
            int count = 0;
            int groups = 0;
            int j = i;
            while (j < n && count <= MAX_CARD_DIGITS) {
                char c = s.charAt(j);
                if (isDigit(c)) {
                    digits[count++] = c - '0';
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(s.charAt(j + 1))) {
                    groupEnds[groups] = j;
                    groupCounts[groups++] = count;
                    j++;
                } else {
                    break;
                }
            }
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            groupEnds[groups] = j;
            groupCounts[groups++] = count;
            for (int g = groups - 1; g >= 0; g--) {
                int c = groupCounts[g];
                if (c >= MIN_CARD_DIGITS && c <= MAX_CARD_DIGITS && boundaryAfter(s, groupEnds[g]) && Checksums.luhn(digits, c)) {
                    hits.add(i, groupEnds[g], Detector.CARD);
                    break;
                }
            }
            i = Math.max(j, i + 1);
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
                } else if ((ch == ' ' || ch == '-' || ch == '.') && j + 1 < n && (isDigit(s.charAt(j + 1)) || s.charAt(j + 1) == '(')) {
                    dotSeparated |= ch == '.';
                    otherSeparated |= ch != '.';
                } else {
                    break;
                }
                j++;
            }
            // Dots mixed with other separators read as decimals ("48.13 11.57"), not as a phone number.
            boolean shaped = plus ? digits >= 8
                    : digits >= 10 && (groups >= 2 || (s.charAt(firstDigit) == '0' && digits <= 12));
            if (lastDigitEnd > 0 && shaped && digits <= MAX_PHONE_DIGITS && !(dotSeparated && otherSeparated)
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

    private static boolean isLocalPartChar(char c) {
        return isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean allAsciiLetters(CharSequence s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isAsciiLetter(s.charAt(k))) {
                return false;
            }
        }
        return true;
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

        String render(String text) {
            Integer[] order = new Integer[size];
            for (int k = 0; k < size; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(starts[a], starts[b]));
            StringBuilder out = new StringBuilder(text.length());
            int at = 0;
            for (int k : order) {
                out.append(text, at, starts[k]).append(kinds[k].tag());
                at = ends[k];
            }
            return out.append(text, at, text.length()).toString();
        }
    }
}
