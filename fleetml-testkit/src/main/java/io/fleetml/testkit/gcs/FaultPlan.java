package io.fleetml.testkit.gcs;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Faults to inject into the next matching requests: an HTTP status, a dropped connection or a delay before the request
 * is served, or a dropped connection or an HTTP status after it took effect (the answer is lost). Thread-safe; each
 * fault is consumed by exactly one request.
 */
final class FaultPlan {
    enum Kind { STATUS, DROP, DELAY, COMMIT_THEN_DROP, COMMIT_THEN_STATUS, PARTIAL_THEN_STATUS }

    /**
     * {@code reason}: the error reason of a STATUS answer, or null for the one GCS gives with that status;
     * {@code keptBytes}: how much of the body a PARTIAL_THEN_STATUS fault lets the server save.
     */
    record Fault(Kind kind, int status, String reason, Duration delay, int keptBytes) {
    }

    private Predicate<String> filter = request -> true;
    private Kind kind;
    private int remaining;
    private int status;
    private String reason;
    private Duration delay = Duration.ZERO;
    private int keptBytes;

    synchronized void set(Kind kind, int count, int status, Duration delay, Predicate<String> filter) {
        set(kind, count, status, null, delay, filter);
    }

    synchronized void set(Kind kind, int count, int status, String reason, Duration delay, Predicate<String> filter) {
        set(kind, count, status, reason, delay, 0, filter);
    }

    synchronized void set(Kind kind, int count, int status, String reason, Duration delay, int keptBytes,
                          Predicate<String> filter) {
        this.keptBytes = keptBytes;
        this.kind = kind;
        this.remaining = count;
        this.status = status;
        this.reason = reason;
        this.delay = delay;
        this.filter = filter;
    }

    /** The fault for this request ("METHOD path?query"), or null. */
    synchronized Fault take(String request) {
        if (remaining <= 0 || !filter.test(request)) {
            return null;
        }
        remaining--;
        return new Fault(kind, status, reason, delay, keptBytes);
    }
}
