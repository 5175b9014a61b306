package io.fleetml.connect.mqtt;

/**
 * Lets a recurring warning through at most once per interval and counts the occurrences held back in between, so a
 * reconnect storm shows in the log with its size and reason without flooding it.
 */
final class WarningThrottle {
    private final long intervalMs;
    private long lastWarningMs;
    private boolean warned;
    private long heldBack;

    WarningThrottle(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** -1 when this occurrence is to be held back; otherwise how many were held back since the last warning. */
    synchronized long pass(long nowMs) {
        if (warned && nowMs - lastWarningMs < intervalMs) {
            heldBack++;
            return -1;
        }
        long count = heldBack;
        warned = true;
        lastWarningMs = nowMs;
        heldBack = 0;
        return count;
    }
}
