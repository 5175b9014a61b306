package io.fleetml.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One progress line every few seconds while the demo runs: the phase, records per second through each connector
 * (read from Kafka offsets), objects in GCS and the model's status.
 */
final class ProgressReporter implements AutoCloseable {
    static final long INTERVAL_SECONDS = 5;

    private final PrintStream out;
    private final long startNanos;
    private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
    private final Map<String, Long> last = new LinkedHashMap<>();
    private final Supplier<String> phase;
    private final LongSupplier objects;
    private final Supplier<String> model;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressReporter(PrintStream out, long startNanos, Supplier<String> phase, LongSupplier objects, Supplier<String> model) {
        this.out = out;
        this.startNanos = startNanos;
        this.phase = phase;
        this.objects = objects;
        this.model = model;
    }

    /** A connector and how many records it has moved so far. */
    ProgressReporter count(String connector, LongSupplier records) {
        counters.put(connector, records);
        return this;
    }

    ProgressReporter start() {
        counters.forEach((name, counter) -> last.put(name, 0L));
        timer.scheduleAtFixedRate(this::report, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private void report() {
        try {
            StringBuilder line = new StringBuilder(String.format("[%4ds] %s |", (System.nanoTime() - startNanos) / 1_000_000_000, phase.get()));
            for (Map.Entry<String, LongSupplier> counter : counters.entrySet()) {
                long now = counter.getValue().getAsLong();
                long rate = (now - last.put(counter.getKey(), now)) / INTERVAL_SECONDS;
                line.append(String.format(" %s %d/s (%d)", counter.getKey(), rate, now));
            }
            line.append(" | GCS objects ").append(objects.getAsLong()).append(" | models: ").append(model.get());
            out.println(line);
        } catch (RuntimeException e) {
            out.println("(progress not available: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
