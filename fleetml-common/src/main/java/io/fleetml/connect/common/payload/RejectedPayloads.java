package io.fleetml.connect.common.payload;

import org.apache.kafka.connect.header.Headers;

/**
 * What every source writes to its {@code errors.topic} about a message it could not turn into a record: headers naming
 * the error, and the raw payload while it still fits a produce request. A payload too large for any request travels
 * as its size and SHA-256 instead, so it can still be found at its source.
 */
public final class RejectedPayloads {
    private RejectedPayloads() {
    }

    /**
     * Adds {@code <prefix>.error.kind}, {@code <prefix>.error.reason} and, for payloads rejected for their size,
     * {@code <prefix>.payload.size} (and {@code <prefix>.payload.sha256} when the bytes are left out) to {@code headers}.
     * Returns the payload to write, or null when it is too large to travel.
     */
    public static byte[] describe(Headers headers, String prefix, byte[] payload, RecordRejected rejection, int producerPayloadLimit) {
        headers.addString(prefix + ".error.kind", rejection.kind())
                .addString(prefix + ".error.reason", rejection.getMessage());
        if (!RecordRejected.PAYLOAD_TOO_LARGE.equals(rejection.kind())) {
            return payload;
        }
        headers.addLong(prefix + ".payload.size", payload.length);
        if (payload.length <= producerPayloadLimit) {
            return payload;
        }
        headers.addString(prefix + ".payload.sha256", PayloadLimits.sha256Hex(payload));
        return null;
    }
}
