package io.fleetml.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition of the real system, bounded, and failing with what was awaited. */
final class Conditions {
    private static final long POLL_MS = 250;

    private Conditions() {
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        await(condition, timeout, what, () -> "");
    }

    /** Like {@link #await(BooleanSupplier, Duration, String)}; a timeout's message ends with what {@code state} says then. */
    static void await(BooleanSupplier condition, Duration timeout, String what, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String now = state.get();
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + "s waiting until " + what
                        + (now.isEmpty() ? "" : "; " + now));
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Waits until {@code nanoTime} reaches {@code deadlineNanos}: a phase of the demo lasts a given time. */
    static void until(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
