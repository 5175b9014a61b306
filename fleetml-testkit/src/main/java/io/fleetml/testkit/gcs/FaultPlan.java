package io.fleetml.testkit.gcs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Faults to inject into the next matching requests: an HTTP status, a dropped connection or a delay before the request
 * is served, or a dropped connection, an HTTP status or a broken answer after it took effect. Besides the one armed
 * fault, each named script holds ordered steps, each consumed by the first request it applies to. Thread-safe; each
 * fault is consumed by exactly one request.
 */
final class FaultPlan {
    enum Kind { STATUS, DROP, DELAY, COMMIT_THEN_DROP, COMMIT_THEN_STATUS, PARTIAL_THEN_STATUS, COMMIT_THEN_BREAK,
        COMMIT_THEN_SHORTEN }

    /**
     * {@code reason}: the error reason of a STATUS answer, or null for the one GCS gives with that status;
     * {@code keptBytes}: how much of the body a PARTIAL_THEN_STATUS fault lets the server save, or how much of its
     * answer's body a COMMIT_THEN_BREAK fault sends before the connection closes, or a COMMIT_THEN_SHORTEN fault
     * sends as the whole answer.
     */
    record Fault(Kind kind, int status, String reason, Duration delay, int keptBytes) {
    }

    /** A scripted step: its text, and the fault it gives a request ("METHOD path?query...") it applies to, else null. */
    record Step(String text, Function<String, Fault> fault) {
    }

    private Predicate<String> filter = request -> true;
    private Kind kind;
    private int remaining;
    private int status;
    private String reason;
    private Duration delay = Duration.ZERO;
    private int keptBytes;
    private final Map<String, Deque<Step>> scripts = new LinkedHashMap<>();

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

    /** Replaces the script named {@code name} with {@code steps}, in order. */
    synchronized void script(String name, List<Step> steps) {
        scripts.put(name, new ArrayDeque<>(steps));
    }

    /** The steps of the script named {@code name} not yet consumed, in order. */
    synchronized List<String> pending(String name) {
        List<String> texts = new ArrayList<>();
        scripts.getOrDefault(name, new ArrayDeque<>()).forEach(step -> texts.add(step.text()));
        return texts;
    }

    synchronized void clear() {
        remaining = 0;
        scripts.clear();
    }

    /** The fault for this request ("METHOD path?query"), or null: the armed fault first, then the scripts' next steps. */
    synchronized Fault take(String request) {
        if (remaining > 0 && filter.test(request)) {
            remaining--;
            return new Fault(kind, status, reason, delay, keptBytes);
        }
        for (Deque<Step> script : scripts.values()) {
            Step next = script.peek();
            Fault fault = next == null ? null : next.fault().apply(request);
            if (fault != null) {
                script.poll();
                return fault;
            }
        }
        return null;
    }
}
