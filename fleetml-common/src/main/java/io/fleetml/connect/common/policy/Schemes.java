package io.fleetml.connect.common.policy;

import java.util.Set;

/** The URL schemes the plugins connect with, by whether they speak TLS, in lower case. */
final class Schemes {
    static final Set<String> TLS = Set.of("https", "ssl");
    static final Set<String> PLAINTEXT = Set.of("http", "tcp");

    private Schemes() {
    }

    /** @throws IllegalArgumentException for a scheme that is in neither set */
    static boolean isTls(String scheme) {
        if (TLS.contains(scheme)) {
            return true;
        }
        if (PLAINTEXT.contains(scheme)) {
            return false;
        }
        throw new IllegalArgumentException("scheme '" + scheme + "' is none of https, ssl (TLS), http, tcp (plaintext)");
    }

    /** 443 for https, 80 for http, -1 for the MQTT schemes, which have no default here. */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }
}
