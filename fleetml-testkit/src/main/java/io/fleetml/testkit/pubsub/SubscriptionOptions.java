package io.fleetml.testkit.pubsub;

/**
 * The subscription settings that change how a subscriber sees messages: how long it may hold one unacked, whether
 * messages with the same ordering key arrive in order, and whether acks are confirmed (exactly-once delivery).
 */
public record SubscriptionOptions(int ackDeadlineSeconds, boolean messageOrdering, boolean exactlyOnceDelivery) {
    /** The range Pub/Sub accepts; checked here so a test gets a clear message rather than the emulator's. */
    private static final int MIN_ACK_DEADLINE_SECONDS = 10;
    private static final int MAX_ACK_DEADLINE_SECONDS = 600;

    public SubscriptionOptions {
        if (ackDeadlineSeconds < MIN_ACK_DEADLINE_SECONDS || ackDeadlineSeconds > MAX_ACK_DEADLINE_SECONDS) {
            throw new IllegalArgumentException("ack deadline must be between " + MIN_ACK_DEADLINE_SECONDS + " and "
                    + MAX_ACK_DEADLINE_SECONDS + " seconds, was " + ackDeadlineSeconds);
        }
    }

    /** A 10 s ack deadline, no ordering, at-least-once delivery: what Pub/Sub gives a new subscription. */
    public static SubscriptionOptions defaults() {
        return new SubscriptionOptions(MIN_ACK_DEADLINE_SECONDS, false, false);
    }

    public SubscriptionOptions withAckDeadlineSeconds(int seconds) {
        return new SubscriptionOptions(seconds, messageOrdering, exactlyOnceDelivery);
    }

    public SubscriptionOptions withMessageOrdering(boolean enabled) {
        return new SubscriptionOptions(ackDeadlineSeconds, enabled, exactlyOnceDelivery);
    }

    public SubscriptionOptions withExactlyOnceDelivery(boolean enabled) {
        return new SubscriptionOptions(ackDeadlineSeconds, messageOrdering, enabled);
    }
}
