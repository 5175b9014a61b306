package io.fleetml.connect.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.AckReplyConsumerWithResponse;
import com.google.cloud.pubsub.v1.AckResponse;
import com.google.common.util.concurrent.MoreExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages the task has received but Kafka does not have yet, each with its reply to Pub/Sub. A message is acked only
 * once Kafka has it; whatever is still here when the task stops is nacked so Pub/Sub redelivers it at once rather than
 * after its lease runs out. Ack results are checked: on subscriptions with exactly-once delivery an ack can fail (the
 * lease had expired, so the message will come again), and such failures are counted rather than ignored.
 */
final class PendingAcks {
    private static final Logger log = LoggerFactory.getLogger(PendingAcks.class);

    private final Set<Reply> open = new HashSet<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong ackFailures = new AtomicLong();
    private final AtomicLong nacked = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private boolean closed;

    /** Keeps the reply of a received message; a message that arrives after {@link #nackAll} is nacked at once. */
    Reply hold(String messageId, AckReplyConsumerWithResponse reply) {
        Reply held = new Reply(messageId, reply);
        synchronized (this) {
            if (!closed) {
                open.add(held);
                return held;
            }
        }
        nack(held);
        return null;
    }

    /** Kafka has the message: ack it and check the result. */
    void ack(Reply reply) {
        synchronized (this) {
            if (!open.remove(reply)) {
                return;
            }
        }
        ApiFuture<AckResponse> result = reply.consumer.ack();
        ApiFutures.addCallback(result, new ApiFutureCallback<>() {
            @Override
            public void onSuccess(AckResponse response) {
                if (response == AckResponse.SUCCESSFUL) {
                    acked.incrementAndGet();
                } else {
                    failed(reply, response.name());
                }
            }

            @Override
            public void onFailure(Throwable t) {
                failed(reply, t.toString());
            }
        }, MoreExecutors.directExecutor());
    }

    private void failed(Reply reply, String why) {
        ackFailures.incrementAndGet();
        log.warn("ack of Pub/Sub message {} failed ({}); Pub/Sub will deliver it again", reply.messageId, why);
    }

    /** The client gave up the message's lease, so Pub/Sub delivers it again: forget it without a reply. */
    void expire(Reply reply) {
        synchronized (this) {
            if (!open.remove(reply)) {
                return;
            }
        }
        expired.incrementAndGet();
    }

    /** Nacks every message Kafka does not have yet and every one that arrives from now on. */
    void nackAll() {
        List<Reply> unacked;
        synchronized (this) {
            closed = true;
            unacked = new ArrayList<>(open);
            open.clear();
        }
        unacked.forEach(this::nack);
    }

    private void nack(Reply reply) {
        reply.consumer.nack();
        nacked.incrementAndGet();
    }

    synchronized int pending() {
        return open.size();
    }

    long acked() {
        return acked.get();
    }

    long ackFailures() {
        return ackFailures.get();
    }

    long nacked() {
        return nacked.get();
    }

    long expired() {
        return expired.get();
    }

    static final class Reply {
        private final String messageId;
        private final AckReplyConsumerWithResponse consumer;

        private Reply(String messageId, AckReplyConsumerWithResponse consumer) {
            this.messageId = messageId;
            this.consumer = consumer;
        }
    }
}
