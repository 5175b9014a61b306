package io.fleetml.connect.common.payload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * How large a payload a source task can hand to Connect's producer. A record larger than the producer's
 * {@code max.request.size} fails in the producer, after the source has let go of the message, so sources check first.
 */
public final class PayloadLimits {
    public static final String PRODUCER_MAX_REQUEST_SIZE = "producer.override.max.request.size";
    /** The producer's own default; a worker may set another, which users then mirror in the connector's limit. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** Room left in a produce request for the key, the headers and the batch framing around a payload. */
    public static final int REQUEST_HEADROOM = 64 * 1024;

    private PayloadLimits() {
    }

    /** The largest payload the producer can still write, from a connector's original settings. */
    public static int producerPayloadLimit(Map<String, String> connectorOriginals) {
        String requestSize = connectorOriginals.get(PRODUCER_MAX_REQUEST_SIZE);
        int limit = requestSize == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(requestSize.trim());
        return Math.max(1, limit - REQUEST_HEADROOM);
    }

    /** Names a payload that cannot travel itself, so it can still be found at its source. */
    public static String sha256Hex(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
