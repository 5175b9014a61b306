package io.fleetml.connect.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.AckReplyConsumerWithResponse;
import com.google.cloud.pubsub.v1.AckResponse;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PendingAcksTest {
    /** Records what the task replied; the client library's own consumer needs a live stream behind it. */
    private static final class Reply implements AckReplyConsumerWithResponse {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger nacks = new AtomicInteger();
        final ApiFuture<AckResponse> ackResult;

        Reply(ApiFuture<AckResponse> ackResult) {
            this.ackResult = ackResult;
        }

        Reply() {
            this(ApiFutures.immediateFuture(AckResponse.SUCCESSFUL));
        }

        @Override
        public ApiFuture<AckResponse> ack() {
            acks.incrementAndGet();
            return ackResult;
        }

        @Override
        public ApiFuture<AckResponse> nack() {
            nacks.incrementAndGet();
            return ApiFutures.immediateFuture(AckResponse.SUCCESSFUL);
        }
    }

    @Test
    void acksOnceAndNacksOnlyWhatKafkaDoesNotHave() {
        PendingAcks acks = new PendingAcks();
        Reply inKafka = new Reply();
        Reply notYet = new Reply();
        PendingAcks.Reply first = acks.hold("1", inKafka);
        acks.hold("2", notYet);
        assertEquals(2, acks.pending());
        acks.ack(first);
        acks.ack(first);
        assertEquals(1, inKafka.acks.get());
        acks.nackAll();
        assertEquals(0, inKafka.nacks.get());
        assertEquals(1, notYet.nacks.get());
        assertEquals(0, notYet.acks.get());
        assertEquals(1, acks.acked());
        assertEquals(1, acks.nacked());
        assertEquals(0, acks.pending());
    }

    @Test
    void messagesArrivingAfterStopAreNackedAtOnce() {
        PendingAcks acks = new PendingAcks();
        acks.nackAll();
        Reply late = new Reply();
        assertNull(acks.hold("3", late));
        assertEquals(1, late.nacks.get());
    }

    @Test
    void ackAfterStopIsNotSentBecauseTheMessageWasHandedBack() {
        PendingAcks acks = new PendingAcks();
        Reply reply = new Reply();
        PendingAcks.Reply held = acks.hold("4", reply);
        acks.nackAll();
        acks.ack(held);
        assertEquals(0, reply.acks.get());
        assertEquals(1, reply.nacks.get());
    }

    @Test
    void failedAcksAreCounted() {
        PendingAcks acks = new PendingAcks();
        acks.ack(acks.hold("5", new Reply(ApiFutures.immediateFuture(AckResponse.INVALID))));
        acks.ack(acks.hold("6", new Reply(ApiFutures.immediateFailedFuture(new IllegalStateException("lease expired")))));
        acks.ack(acks.hold("7", new Reply()));
        assertEquals(2, acks.ackFailures());
        assertEquals(1, acks.acked());
    }
}
