package io.fleetml.connect.pii;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * Keyed, deterministic pseudonyms: HMAC-SHA256 under a secret key. Unlike a plain hash, a pseudonym cannot be reversed
 * by hashing every possible VIN or e-mail without the key.
 */
final class Pseudonymizer {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> mac;
    private final boolean base64url;

    Pseudonymizer(byte[] key, boolean base64url) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.mac = ThreadLocal.withInitial(() -> newMac(spec));
        this.base64url = base64url;
        mac.get();
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(spec);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The pseudonym of a scalar: strings by their UTF-8 bytes, bytes as they are, numbers and booleans by their text. */
    String pseudonymize(Object value) {
        byte[] digest = mac.get().doFinal(bytesOf(value));
        return base64url ? BASE64URL.encodeToString(digest) : HEX.formatHex(digest);
    }

    static boolean canPseudonymize(Object value) {
        return value instanceof String || value instanceof byte[] || value instanceof ByteBuffer
                || value instanceof Number || value instanceof Boolean || value instanceof Date;
    }

    private static byte[] bytesOf(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Date date) {
            return Long.toString(date.getTime()).getBytes(StandardCharsets.UTF_8);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
