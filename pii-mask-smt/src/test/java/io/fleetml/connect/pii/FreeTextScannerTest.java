package io.fleetml.connect.pii;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FreeTextScannerTest {
    private final PiiMaskMetrics metrics = new PiiMaskMetrics();
    private final FreeTextScanner all = new FreeTextScanner(EnumSet.allOf(Detector.class), metrics.freeTextMatches);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mail me at jane.doe+fleet@example.co.uk.|mail me at [EMAIL].",
            "card 4111 1111 1111 1111 exp 12/27|card [CARD] exp 12/27",
            "card 4111-1111-1111-1111|card [CARD]",
            "paid with 4111111111111111, thanks|paid with [CARD], thanks",
            "card 4111 1111 1111 1111 2024 receipt|card [CARD] 2024 receipt",
            "iban DE89 3704 0044 0532 0130 00 please|iban [IBAN] please",
            "iban DE89370400440532013000|iban [IBAN]",
            "iban GB82 WEST 1234 5698 7654 32 ok|iban [IBAN] ok",
            "car 1M8GDM9AXKP042788 towed|car [VIN] towed",
            "from 192.168.10.254 today|from [IPV4] today",
            "v6 2001:db8:85a3::8a2e:370:7334 here|v6 [IPV6] here",
            "v6 fe80::1 and ::ffff:192.0.2.128.|v6 [IPV6] and [IPV6].",
            "full 2001:0db8:0000:0000:0000:ff00:0042:8329|full [IPV6]",
            "call +49 171 1234567 now|call [PHONE] now",
            "call +4917112345678|call [PHONE]",
            "call (555) 123-4567 now|call [PHONE] now",
            "call 555-123-4567|call [PHONE]",
            "call 030 12345678|call [PHONE]",
            "call 01711234567|call [PHONE]",
            "call 555.123.4567|call [PHONE]",
    })
    void replacesEachKindWithItsTag(String input, String expected) {
        assertEquals(expected, all.scan(input));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "qty 3 4111 1111 1111 1111|qty 3 [CARD]",
            "paid 2024 4111111111111111|paid 2024 [CARD]",
            "ref 12-4111111111111111|ref 12-[CARD]",
            "card ４１１１ １１１１ １１１１ １１１１ ok|card [CARD] ok",
            "card ٤١١١١١١١١١١١١١١١ ok|card [CARD] ok",
            "card \uD835\uDFD2111 1111 1111 1111 ok|card [CARD] ok",
            "card 4111.1111.1111.1111|card [CARD]",
            "card 4111_1111_1111_1111|card [CARD]",
            "card 4111\u00A01111\u00A01111\u00A01111|card [CARD]",
            "from jörg@example.com|from [EMAIL]",
            "to jane@bücher.de now|to [EMAIL] now",
            "to ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ now|to [EMAIL] now",
            "call 089/1234567|call [PHONE]",
            "call 555\u2010123\u20104567|call [PHONE]",
            "call 555\u2011123\u20114567|call [PHONE]",
            "call 555\u2012123\u20124567|call [PHONE]",
            "call 555\u2013123\u20134567|call [PHONE]",
            "call 555\u2014123\u20144567|call [PHONE]",
            "call 555\u2212123\u22124567|call [PHONE]",
            "iban DE89-3704-0044-0532-0130-00 please|iban [IBAN] please",
            "car １Ｍ８ＧＤＭ９ＡＸＫＰ０４２７８８ towed|car [VIN] towed",
    })
    void findsPiiWrittenWithOtherNumbersInFrontUnicodeDigitsDashesAndSeparators(String input, String expected) {
        assertEquals(expected, all.scan(unescape(input)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "qty 3 4111 1111 1111 1112",
            "paid 2024 4111111111111112",
            "card ４１１１ １１１１ １１１１ １１１２ ok",
            "card 4111.1111.1111.1112",
            "on 01/02/2024 12/27",
            "position 48.137154 11.575382",
            "iban DE89-3704-0044-0532-0130-02 please",
            "Grüße aus München, jörg",
    })
    void keepsNumbersThatFailTheirChecksumInAnyWriting(String input) {
        assertSame(input, all.scan(input));
    }

    /** Lets a test name a character outside the BMP or an invisible one as a Java escape. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "card 4111111111111112 fails Luhn",
            "card 4111 1111 1111 1112 fails Luhn",
            "iban DE89370400440532013001 fails mod 97",
            "vin 1M8GDM9A1KP042788 has a wrong check digit",
            "odometer 1234567890 km",
            "order 123456789012345",
            "paid 1,234,567.89 EUR",
            "at 12:30:45 on 2024-05-01",
            "mac 00:1A:2B:3C:4D:5E",
            "position 48.1371 11.5753",
            "version 1.2.3 build 20240501",
            "no@tld and a@b",
            "speed 123.4 kph, fuel 45.6%",
            "ratio 3:2 and 16:9",
            "",
    })
    void leavesTextWithoutPiiUntouched(String input) {
        assertSame(input, all.scan(input), "no allocation and no change for text without PII");
        assertEquals(0, metrics.freeTextMatches.get());
    }

    @Test
    void everyReplacedHitCountsOnceAsAMatch() {
        assertEquals("mail [EMAIL] or call [PHONE], card [CARD]", all.scan("mail jane@example.com or call +49 171 1234567, card 4111 1111 1111 1111"));
        assertEquals("[EMAIL]", all.scan("4111111111111111@cards.example.com"), "the digits inside the address are no second hit");
        assertEquals(4, metrics.freeTextMatches.get());
    }

    @Test
    void onlyEnabledDetectorsRun() {
        FreeTextScanner emailOnly = new FreeTextScanner(List.of(Detector.EMAIL), metrics.freeTextMatches);
        assertEquals("[EMAIL] 4111111111111111", emailOnly.scan("a@b.de 4111111111111111"));
    }

    @Test
    void emailWinsOverDigitsInsideIt() {
        assertEquals("[EMAIL]", all.scan("4111111111111111@cards.example.com"));
    }

    @Test
    void severalHitsInOneText() {
        assertEquals("Driver [EMAIL] ([PHONE]) paid with [CARD] from [IPV4]",
                all.scan("Driver max@fleet.io (+44 20 7946 0958) paid with 5500005555555559 from 10.0.0.1"));
    }

    @Test
    void ipv6Validation() {
        assertEquals(true, FreeTextScanner.validIpv6("::1"));
        assertEquals(true, FreeTextScanner.validIpv6("1:2:3:4:5:6:7:8"));
        assertEquals(false, FreeTextScanner.validIpv6("1:2:3:4:5:6:7"));
        assertEquals(false, FreeTextScanner.validIpv6("1::2::3"));
        assertEquals(false, FreeTextScanner.validIpv6("12345::1"));
        assertEquals(false, FreeTextScanner.validIpv6("1:2:3:4:5:6:7:8:9"));
    }

    /** A bare run of digits is PII only if it is a Luhn-valid card length, or a national phone number (leading 0). */
    @Property(tries = 2000)
    void bareDigitRunsAreTaggedOnlyWhenTheirChecksumOrShapeSaysSo(
            @ForAll @NumericChars @StringLength(min = 1, max = 24) String digits) {
        String out = all.scan("x " + digits + " y");
        int[] values = digits.chars().map(c -> c - '0').toArray();
        boolean card = digits.length() >= 13 && digits.length() <= 19 && Checksums.luhn(values, values.length);
        boolean phone = !card && digits.charAt(0) == '0' && digits.length() >= 10 && digits.length() <= 12;
        String expected = card ? "x [CARD] y" : phone ? "x [PHONE] y" : "x " + digits + " y";
        assertEquals(expected, out);
    }

    @Property(tries = 500)
    void cardsWithAWrongCheckDigitAreNeverCards(@ForAll @IntRange(min = 0, max = 8) int wrongBy) {
        String valid = "4539578763621486";
        char last = valid.charAt(15);
        char wrong = (char) ('0' + (last - '0' + 1 + wrongBy) % 10);
        String text = "card " + valid.substring(0, 15) + wrong;
        assertSame(text, all.scan(text));
    }
}
