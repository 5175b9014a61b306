package io.fleetml.connect.pii;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PII as people and systems really write it (separators, Unicode digits and dashes, internationalized addresses,
 * other numbers in front) is found, and numbers that fail their checksum stay in the text untouched.
 */
class FreeTextScannerPropertiesTest {
    private static final String SEED = "20261202";
    /** Zero of ASCII, full-width, Arabic-Indic, Devanagari and mathematical bold digits (the last outside the BMP). */
    private static final List<Integer> DIGIT_ZEROS = List.of((int) '0', 0xFF10, 0x0660, 0x0966, 0x1D7CE);
    private static final List<String> DASHES = List.of("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212");
    private static final List<String> CARD_SEPARATORS = List.of("", " ", ".", "_", "-", "/", "\u00A0", "\u2010", "\u2011",
            "\u2012", "\u2013", "\u2014", "\u2212");
    private static final List<String> VIN_ALPHABET = List.of("0123456789ABCDEFGHJKLMNPRSTUVWXYZ".split(""));
    private static final List<String> IBANS = List.of("DE89370400440532013000", "GB82WEST12345698765432",
            "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957");

    private final PiiMaskMetrics metrics = new PiiMaskMetrics();
    private final FreeTextScanner scanner = new FreeTextScanner(EnumSet.allOf(Detector.class), metrics.freeTextMatches);

    @Property(tries = 1000, seed = SEED)
    void cardsAreFoundInEveryWritingAndBehindOtherNumbers(@ForAll("cards") String digits, @ForAll("cardSeparators") String separator,
                                                         @ForAll("digitZeros") int zero, @ForAll("numberPrefixes") String prefix) {
        String card = written(grouped(digits, separator), zero);
        String out = scanner.scan("paid " + prefix + card + " today");
        if (!out.equals("paid " + prefix + "[CARD] today")) {
            // The prefix and the card's first groups can themselves pass Luhn: then no text can tell which is the card.
            assertTrue(!prefix.isEmpty() && out.startsWith("paid [CARD]") && out.endsWith(" today")
                    && out.codePoints().filter(Character::isDigit).count() <= 4, () -> "card not masked: " + out);
        }
    }

    /** Cards of 16 to 19 digits: shorter grouped numbers are rightly taken for phone numbers. */
    @Property(tries = 1000, seed = SEED)
    void numbersFailingLuhnStayUnmaskedWhateverTheirWriting(@ForAll("cards") String valid, @ForAll("cardSeparators") String separator,
                                                            @ForAll("digitZeros") int zero, @ForAll("numberPrefixes") String prefix) {
        Assume.that(valid.length() >= 16);
        String digits = withWrongLastDigit(valid);
        List<String> groups = new ArrayList<>();
        if (!prefix.isEmpty()) {
            groups.add(prefix.substring(0, prefix.length() - 1));
        }
        groups.addAll(groupsOf(digits, separator));
        Assume.that(!anyLuhnWindow(groups));
        String text = "qty " + prefix + written(grouped(digits, separator), zero) + " left";
        assertEquals(text, scanner.scan(text));
    }

    @Property(tries = 1000, seed = SEED)
    void phonesAreFoundWithAnySeparatorAndDash(@ForAll("phones") String phone, @ForAll("digitZeros") int zero) {
        String out = scanner.scan("call " + written(phone, zero) + " now");
        // A phone number of 13 or more digits that passes Luhn is as much a card number: masked either way.
        assertTrue(out.equals("call [PHONE] now") || (out.equals("call [CARD] now") && phone.replaceAll("\\D", "").length() >= 13),
                () -> "phone not masked: " + out);
    }

    @Property(tries = 1000, seed = SEED)
    void internationalizedEmailsAreMaskedWhole(@ForAll("emails") String email) {
        assertEquals("mail [EMAIL], thanks", scanner.scan("mail " + email + ", thanks"));
    }

    @Property(tries = 500, seed = SEED)
    void ibansAreFoundWithAnySeparator(@ForAll("ibans") String iban, @ForAll("ibanSeparators") String separator,
                                       @ForAll boolean lowerCase) {
        String text = grouped(lowerCase ? iban.toLowerCase() : iban, separator);
        assertEquals("refund to [IBAN] ok", scanner.scan("refund to " + text + " ok"));
    }

    @Property(tries = 500, seed = SEED)
    void ibansFailingMod97StayUnmasked(@ForAll("ibans") String iban, @ForAll("positions") int position) {
        int at = 4 + position % (iban.length() - 4);
        char c = iban.charAt(at);
        char changed = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : (char) (c == 'Z' ? 'A' : c + 1);
        String broken = iban.substring(0, at) + changed + iban.substring(at + 1);
        Assume.that(!Checksums.iban(broken));
        String text = "refund to " + broken + " ok";
        assertEquals(text, scanner.scan(text));
    }

    @Property(tries = 1000, seed = SEED)
    void vinsWithTheirCheckDigitAreFoundAndOthersKept(@ForAll("vinBodies") String body, @ForAll boolean fullWidth) {
        String vin = body.substring(0, 8) + (char) Checksums.vinCheckDigit(body) + body.substring(9);
        String wrong = body.substring(0, 8) + (Checksums.vinCheckDigit(body) == '7' ? '8' : '7') + body.substring(9);
        Assume.that(!Checksums.iban(vin) && !Checksums.iban(wrong));
        assertEquals("car [VIN] towed", scanner.scan("car " + (fullWidth ? fullWidth(vin) : vin) + " towed"));
        String kept = "car " + (fullWidth ? fullWidth(wrong) : wrong) + " towed";
        assertEquals(kept, scanner.scan(kept));
    }

    @Provide
    Arbitrary<String> cards() {
        Arbitrary<String> body = Combinators.combine(Arbitraries.of("4", "51", "37", "6011"),
                        Arbitraries.integers().between(13, 19), Arbitraries.strings().numeric().ofLength(19))
                .as((issuer, length, random) -> (issuer + random).substring(0, length - 1));
        return body.map(b -> b + luhnCheckDigit(b));
    }

    @Provide
    Arbitrary<String> cardSeparators() {
        return Arbitraries.of(CARD_SEPARATORS);
    }

    @Provide
    Arbitrary<Integer> digitZeros() {
        return Arbitraries.of(DIGIT_ZEROS);
    }

    /** Other numbers written in front of a card: a quantity, a year, a reference; or none. */
    @Provide
    Arbitrary<String> numberPrefixes() {
        Arbitrary<String> number = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4);
        return Arbitraries.oneOf(Arbitraries.just(""), number.map(n -> n + " "), number.map(n -> n + "-"));
    }

    @Provide
    Arbitrary<String> phones() {
        Arbitrary<String> dash = Arbitraries.of(DASHES);
        Arbitrary<String> separator = Arbitraries.oneOf(dash, Arbitraries.of(" ", "."));
        Arbitrary<String> german = Combinators.combine(Arbitraries.strings().numeric().ofMinLength(2).ofMaxLength(4),
                        Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(8), Arbitraries.of("/", " ", "-", "\u2010"))
                .as((area, number, sep) -> "0" + area + sep + number);
        Arbitrary<String> northAmerican = Combinators.combine(Arbitraries.strings().numeric().ofLength(3),
                        Arbitraries.strings().numeric().ofLength(3), Arbitraries.strings().numeric().ofLength(4), separator)
                .as((area, exchange, line, sep) -> area + sep + exchange + sep + line);
        Arbitrary<String> international = Combinators.combine(Arbitraries.of("49", "44", "33", "1"),
                        Arbitraries.strings().numeric().ofLength(3), Arbitraries.strings().numeric().ofLength(7), dash)
                .as((country, area, number, sep) -> "+" + country + " " + area + sep + number);
        return Arbitraries.oneOf(german, northAmerican, international);
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcxyzäöüßéñøåçłžјоргμαλλ中文ひら").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> local = Combinators.combine(word, Arbitraries.of("", ".", "+", "_", "-"), word)
                .as((a, sep, b) -> sep.isEmpty() ? a : a + sep + b);
        Arbitrary<String> domain = Combinators.combine(word, Arbitraries.of("", "mail.", "post."))
                .as((label, sub) -> sub + label);
        Arbitrary<String> tld = Arbitraries.of("de", "com", "co.uk", "рф", "中国", "ελ");
        return Combinators.combine(local, domain, tld).as((l, d, t) -> l + "@" + d + "." + t);
    }

    @Provide
    Arbitrary<String> ibans() {
        return Arbitraries.of(IBANS);
    }

    @Provide
    Arbitrary<String> ibanSeparators() {
        return Arbitraries.of("", " ", "-", ".", "\u2010", "\u2013");
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    /**
     * Seventeen VIN characters with any character at the check position (it is replaced), and a letter and a digit
     * elsewhere, as every real VIN has; the scanner takes a run without both for a word or a number.
     */
    @Provide
    Arbitrary<String> vinBodies() {
        return Arbitraries.of(VIN_ALPHABET).list().ofSize(17).map(chars -> String.join("", chars))
                .filter(body -> {
                    String rest = body.substring(0, 8) + body.substring(9);
                    return rest.chars().anyMatch(Character::isLetter) && rest.chars().anyMatch(Character::isDigit);
                });
    }

    private static char luhnCheckDigit(String body) {
        for (char check = '0'; check <= '9'; check++) {
            String candidate = body + check;
            if (Checksums.luhn(candidate.chars().map(c -> c - '0').toArray(), candidate.length())) {
                return check;
            }
        }
        throw new AssertionError("Luhn always has a check digit");
    }

    private static String withWrongLastDigit(String card) {
        char last = card.charAt(card.length() - 1);
        return card.substring(0, card.length() - 1) + (char) ('0' + (last - '0' + 3) % 10);
    }

    private static List<String> groupsOf(String digits, String separator) {
        if (separator.isEmpty()) {
            return List.of(digits);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < digits.length(); i += 4) {
            groups.add(digits.substring(i, Math.min(i + 4, digits.length())));
        }
        return groups;
    }

    private static String grouped(String text, String separator) {
        return String.join(separator, groupsOf(text, separator));
    }

    /** Whether some consecutive groups hold 13 to 19 digits passing Luhn, which a scanner rightly takes for a card. */
    private static boolean anyLuhnWindow(List<String> groups) {
        for (int first = 0; first < groups.size(); first++) {
            StringBuilder window = new StringBuilder();
            for (int last = first; last < groups.size(); last++) {
                window.append(groups.get(last));
                int[] digits = window.chars().map(c -> c - '0').toArray();
                if (digits.length >= 13 && digits.length <= 19 && Checksums.luhn(digits, digits.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code text} with its ASCII digits written in the script whose zero is {@code zero}. */
    private static String written(String text, int zero) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9') {
                out.appendCodePoint(zero + c - '0');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fullWidth(String ascii) {
        StringBuilder out = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            out.append((char) (c + 0xFEE0));
        }
        return out.toString();
    }
}
