package io.fleetml.connect.pii;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of PII the free-text scan recognizes, in the order they claim text: an e-mail address wins over the digits
 * inside it, a card number over a phone-like digit run.
 */
public enum Detector {
    EMAIL("[EMAIL]"),
    IBAN("[IBAN]"),
    CARD("[CARD]"),
    VIN("[VIN]"),
    IPV6("[IPV6]"),
    IPV4("[IPV4]"),
    PHONE("[PHONE]");

    private final String tag;

    Detector(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Detector::configName).toList();
    }

    static Detector fromName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
