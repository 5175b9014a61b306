package io.fleetml.connect.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InflightAcksTest {
    private final List<Integer> acked = new ArrayList<>();

    private long admit(InflightAcks acks, int id, int size) throws InterruptedException {
        return acks.admit(size, () -> acked.add(id));
    }

    @Test
    void acknowledgesInReceiveOrderWhateverOrderKafkaCompletesIn() throws Exception {
        InflightAcks acks = new InflightAcks(10, 1 << 20);
        long a = admit(acks, 1, 10);
        long b = admit(acks, 2, 10);
        long c = admit(acks, 3, 10);
        acks.complete(c);
        acks.complete(b);
        assertEquals(List.of(), acked, "nothing before the first message is done");
        assertEquals(0, acks.acknowledged());
        acks.complete(a);
        assertEquals(List.of(1, 2, 3), acked);
        assertEquals(0, acks.size());
        assertEquals(0, acks.bytes());
        acks.complete(a);
        assertEquals(List.of(1, 2, 3), acked, "a second completion acknowledges nothing twice");
        assertEquals(3, acks.received());
        assertEquals(3, acks.acknowledged());
    }

    @Test
    void aFullWindowBlocksTheReceiverUntilKafkaCatchesUp() throws Exception {
        InflightAcks acks = new InflightAcks(2, 1 << 20);
        long first = admit(acks, 1, 1);
        admit(acks, 2, 1);
        CompletableFuture<Long> third = CompletableFuture.supplyAsync(() -> {
            try {
                return admit(acks, 3, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS));
        acks.complete(first);
        assertEquals(2L, third.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theByteBoundBlocksTooButLetsAnOversizedMessageInAlone() throws Exception {
        InflightAcks acks = new InflightAcks(100, 100);
        long big = admit(acks, 1, 500);
        CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> {
            try {
                return admit(acks, 2, 10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> next.get(200, TimeUnit.MILLISECONDS));
        acks.complete(big);
        assertEquals(1L, next.get(10, TimeUnit.SECONDS));
        assertEquals(10, acks.bytes());
    }

    @Test
    void closingWakesAWaitingReceiverAndAcknowledgesNothing() throws Exception {
        InflightAcks acks = new InflightAcks(1, 1 << 20);
        long only = admit(acks, 1, 1);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return admit(acks, 2, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> waiting.get(100, TimeUnit.MILLISECONDS));
        acks.close();
        assertEquals(-1L, waiting.get(10, TimeUnit.SECONDS));
        acks.complete(only);
        assertTrue(acked.isEmpty(), "a closed window acknowledges nothing: the broker resends those messages");
        assertEquals(1, acks.received(), "the message the closed window turned away was not received");
        assertEquals(0, acks.acknowledged());
        assertFalse(waiting.isCompletedExceptionally());
    }

    @Test
    void aForgottenMessageIsNeverAcknowledgedAndFreesItsPlaceForTheOnesBehindIt() throws Exception {
        InflightAcks acks = new InflightAcks(2, 1 << 20);
        long lost = admit(acks, 1, 5);
        long next = admit(acks, 2, 7);
        acks.complete(next);
        assertEquals(List.of(), acked);
        CompletableFuture<Long> third = CompletableFuture.supplyAsync(() -> {
            try {
                return admit(acks, 3, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        acks.forget(lost);
        assertEquals(List.of(2), acked, "the completed message behind the forgotten one is acknowledged");
        assertEquals(2L, third.get(10, TimeUnit.SECONDS));
        assertEquals(1, acks.size());
        assertEquals(1, acks.bytes());
        acks.forget(lost);
        assertEquals(1, acks.size(), "forgetting twice changes nothing");
    }

    @Test
    void admitNowTakesAMessagePastAFullWindowWithoutWaiting() throws Exception {
        InflightAcks acks = new InflightAcks(1, 1 << 20);
        admit(acks, 1, 1);
        assertEquals(1L, acks.admitNow(1, () -> acked.add(2)));
        assertEquals(2, acks.size());
        acks.close();
        assertEquals(-1L, acks.admitNow(1, () -> acked.add(3)));
    }
}
