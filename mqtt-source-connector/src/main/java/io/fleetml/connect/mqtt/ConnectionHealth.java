package io.fleetml.connect.mqtt;

/**
 * Whether a task's broker connection works, for failing the task after {@code mqtt.max.outage.ms} and for the reconnect
 * backoff. An outage lasts from a loss until a connection has stayed up for a while ({@link #STABLE_MS}, or half the
 * allowed outage if that is shorter), so a broker that accepts the task and drops it again and again is an outage too,
 * not a string of short recoveries.
 */
final class ConnectionHealth {
    /** A connection that lasted this long ends the outage and resets the backoff. */
    static final long STABLE_MS = 10_000;

    private final long stableMs;
    private boolean inOutage;
    private long outageSinceMs;
    private boolean connected;
    private long connectedAtMs;
    private long outageAtLastLossMs;
    private int failures;
    private long connectionsInOutage;

    /** Not connected yet counts as an outage from {@code nowMs}, so a broker that never answers fails the task too. */
    ConnectionHealth(long nowMs, long maxOutageMs) {
        stableMs = Math.min(STABLE_MS, maxOutageMs / 2);
        inOutage = true;
        outageSinceMs = nowMs;
    }

    synchronized void connected(long nowMs) {
        connected = true;
        connectedAtMs = nowMs;
        if (inOutage) {
            connectionsInOutage++;
        }
    }

    /** A connection was lost or an attempt failed; returns the failures since the last stable connection. */
    synchronized int failed(long nowMs) {
        settle(nowMs);
        connected = false;
        if (!inOutage) {
            inOutage = true;
            outageSinceMs = nowMs;
        }
        outageAtLastLossMs = nowMs - outageSinceMs;
        return ++failures;
    }

    /**
     * How long the task has gone without a stable connection: up to now while it is disconnected; while a connection is
     * up but not yet stable, as long as it was at the last loss (so a slow first connect is no outage, and a broker that
     * drops the task the moment it is back is one); 0 once a connection is stable.
     */
    synchronized long outageMs(long nowMs) {
        settle(nowMs);
        if (!inOutage) {
            return 0;
        }
        return connected ? outageAtLastLossMs : nowMs - outageSinceMs;
    }

    /** How long a connection must last to end an outage. */
    long stableMs() {
        return stableMs;
    }

    /** Connections made during the current outage: more than 0 means the broker accepts the task and then drops it. */
    synchronized long connectionsInOutage() {
        return connectionsInOutage;
    }

    private void settle(long nowMs) {
        if (connected && nowMs - connectedAtMs >= stableMs) {
            inOutage = false;
            failures = 0;
            connectionsInOutage = 0;
        }
    }
}
