package io.fleetml.connect.mqtt;

/**
 * A message that cannot become a record on its Kafka topic. The reason never quotes the payload, so it can go to logs,
 * task errors and headers without leaking a driver's data.
 */
final class MessageRejected extends Exception {
    private final String kind;

    MessageRejected(String kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** invalid-payload, payload-too-large or invalid-topic. */
    String kind() {
        return kind;
    }
}
