package io.fleetml.connect.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.fleetml.connect.mqtt.DeliveryGate.Decision.DELIVER;
import static io.fleetml.connect.mqtt.DeliveryGate.Decision.LET_GO;
import static io.fleetml.connect.mqtt.DeliveryGate.Decision.PROBE;
import static io.fleetml.connect.mqtt.DeliveryGate.Decision.SET_ASIDE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryGateTest {
    private final List<String> acknowledged = new ArrayList<>();

    private Incoming message(String id, int qos, int connection) {
        return new Incoming("t/" + id, id.getBytes(), qos, false, List.of(), () -> acknowledged.add(id), 0L, connection);
    }

    private static CompletableFuture<DeliveryGate.Decision> admitAsync(DeliveryGate gate, Incoming message) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.admit(message);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aNewSessionDeliversAtOnce() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        assertEquals(List.of(), gate.connected(1, false, true));
        assertEquals(DELIVER, admitAsync(gate, message("a", 1, 1)).get(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void whatALostConnectionLeftIsLetGoWhenTheBrokerStillHasTheSession() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        gate.connected(1, false, true);
        gate.lost(1);
        assertEquals(SET_ASIDE, gate.admit(message("a", 1, 1)));
        assertFalse(gate.stillDeliver(message("b", 2, 1)));
        assertTrue(gate.stillDeliver(message("c", 0, 1)), "QoS 0 is never resent, so it is never held back");
        assertEquals(List.of(), acknowledged);
        assertEquals(List.of(), gate.connected(2, true, true));
        assertEquals(2, gate.letGo());
        assertEquals(List.of("a", "b"), acknowledged, "a copy let go frees its place in the client");
        assertEquals(LET_GO, gate.admit(message("late", 1, 1)), "read after the CONNACK, still resent by the broker");
        assertEquals(3, gate.letGo());
    }

    @Test
    void whatALostConnectionLeftIsHandedOnInOrderWhenTheSessionIsGone() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        gate.connected(1, false, true);
        gate.lost(1);
        Incoming a = message("a", 1, 1);
        Incoming b = message("b", 1, 1);
        assertEquals(SET_ASIDE, gate.admit(a));
        assertFalse(gate.stillDeliver(b));
        assertEquals(List.of(a, b), gate.connected(2, false, true));
        assertEquals(DELIVER, gate.admit(message("late", 1, 1)), "nothing resends it, so Connect gets it");
        assertEquals(0, gate.letGo());
        assertEquals(List.of(), acknowledged, "acknowledged once Kafka has them, not before");
    }

    @Test
    void aSessionLostOnceIsNotLetGoByALaterResumedOne() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        gate.connected(1, false, true);
        gate.lost(1);
        gate.connected(2, false, true);
        gate.lost(2);
        gate.connected(3, true, false);
        assertEquals(DELIVER, gate.admit(message("orphan", 1, 1)));
        assertEquals(LET_GO, gate.admit(message("resent", 1, 2)));
    }

    @Test
    void aResumedSessionSendsOneMessageAndTheRestWaitUntilItsAcknowledgementHasSettled() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        gate.connected(1, true, true);
        assertEquals(PROBE, gate.admit(message("first", 1, 1)));
        CompletableFuture<DeliveryGate.Decision> second = admitAsync(gate, message("second", 1, 1));
        assertThrows(TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS));
        long acknowledgedAt = System.nanoTime();
        gate.probeAcknowledged(1);
        assertEquals(DELIVER, second.get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - acknowledgedAt >= TimeUnit.MILLISECONDS.toNanos(DeliveryGate.SETTLE_MS - 50),
                "the rest wait for a broker that overruns the receive maximum once acknowledgements come");
        assertEquals(DELIVER, gate.admit(message("third", 1, 1)), "a settled session delivers at once");
    }

    @Test
    void whatWaitsOnAResumedSessionThatIsDroppedIsLetGoWhenTheNextOneResumesIt() throws Exception {
        DeliveryGate gate = new DeliveryGate(true);
        gate.connected(1, true, true);
        assertEquals(PROBE, gate.admit(message("first", 1, 1)));
        CompletableFuture<DeliveryGate.Decision> second = admitAsync(gate, message("second", 1, 1));
        assertThrows(TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS));
        gate.lost(1);
        assertEquals(SET_ASIDE, second.get(5, TimeUnit.SECONDS));
        gate.probeAcknowledged(1);
        gate.connected(2, true, false);
        assertEquals(1, gate.letGo());
        assertEquals(DELIVER, admitAsync(gate, message("second", 1, 2)).get(500, TimeUnit.MILLISECONDS),
                "a session that an overrun no longer drops does not probe");
    }

    @Test
    void withoutAPersistentSessionEverythingIsDelivered() throws Exception {
        DeliveryGate gate = new DeliveryGate(false);
        gate.connected(1, true, true);
        gate.lost(1);
        assertEquals(DELIVER, gate.admit(message("a", 1, 1)));
        assertTrue(gate.stillDeliver(message("b", 1, 1)));
    }
}
