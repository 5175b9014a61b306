package io.fleetml.connect.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionHealthTest {
    private static final long STABLE = ConnectionHealth.STABLE_MS;

    @Test
    void notConnectedYetIsAnOutageFromTheStart() {
        ConnectionHealth health = new ConnectionHealth(1_000, 300_000);
        assertEquals(4_000, health.outageMs(5_000));
        assertEquals(0, health.connectionsInOutage());
    }

    @Test
    void aConnectionThatStaysUpEndsTheOutageAndResetsTheBackoff() {
        ConnectionHealth health = new ConnectionHealth(0, 300_000);
        assertEquals(1, health.failed(100));
        assertEquals(2, health.failed(200));
        health.connected(300);
        assertEquals(200, health.outageMs(299 + STABLE), "as long as it was at the last loss, while not yet stable");
        assertEquals(0, health.outageMs(300 + STABLE));
        assertEquals(1, health.failed(500 + STABLE));
        assertEquals(100, health.outageMs(600 + STABLE));
    }

    @Test
    void aSlowFirstConnectIsNoOutage() {
        ConnectionHealth health = new ConnectionHealth(0, 3_000);
        health.connected(2_900);
        assertEquals(0, health.outageMs(4_000));
    }

    @Test
    void aShortAllowedOutageNeedsAShorterConnectionToEndIt() {
        ConnectionHealth health = new ConnectionHealth(0, 5_000);
        health.connected(200);
        assertEquals(0, health.outageMs(2_700));
    }

    @Test
    void aBrokerThatDropsEachConnectionBeforeItIsStableKeepsTheOutageGoing() {
        ConnectionHealth health = new ConnectionHealth(0, 300_000);
        health.connected(10);
        long now = 10;
        for (int drop = 1; drop <= 20; drop++) {
            now += STABLE - 1;
            assertEquals(drop, health.failed(now));
            health.connected(now + 1);
        }
        assertEquals(now, health.outageMs(now + 1));
        assertEquals(21, health.connectionsInOutage());
    }
}
