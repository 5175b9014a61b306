package io.fleetml.connect.common.payload;

/**
 * A message from an external system that cannot become a record on its Kafka topic. The reason never quotes the
 * payload, so it can go to logs, task errors and headers without leaking a driver's data.
 */
public final class RecordRejected extends Exception {
    public static final String INVALID_PAYLOAD = "invalid-payload";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String INVALID_TOPIC = "invalid-topic";
    public static final String INVALID_TIMESTAMP = "invalid-timestamp";

    private final String kind;

    public RecordRejected(String kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** {@link #INVALID_PAYLOAD}, {@link #PAYLOAD_TOO_LARGE}, {@link #INVALID_TOPIC} or {@link #INVALID_TIMESTAMP}: what an errors topic is keyed on. */
    public String kind() {
        return kind;
    }
}
