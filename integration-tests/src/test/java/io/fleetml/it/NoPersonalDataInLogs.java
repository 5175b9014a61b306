package io.fleetml.it;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.fleetml.demo.PlantedPii;
import io.fleetml.simulator.FleetVehicle;
import io.fleetml.simulator.PaymentSimulator;
import io.fleetml.testkit.connect.ConnectWorkerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fails every integration test after which a log line holds a simulated vehicle's or driver's personal data: the lines
 * of this JVM (the embedded workers, brokers and plugins, through {@link Lines}, the appender logback-test.xml adds) and
 * every line of every Connect worker process the test started. Registered for every test class through
 * {@code META-INF/services} and {@code junit-platform.properties}. The failure names the kind of data and where it was
 * logged, never the value.
 */
public final class NoPersonalDataInLogs implements AfterEachCallback, AfterAllCallback {
    /** The seeds of the fleets the tests and the demo simulate; each test's fleet is a prefix of one of these. */
    private static final long[] SEEDS = {2026, 5, 11, 23, 29};
    private static final int VEHICLES_PER_SEED = 1_000;
    private static final PlantedPii PLANTED = planted();
    private static final Queue<String> FOUND = new ConcurrentLinkedQueue<>();
    /** Lines of each worker log already searched: a worker started for a whole class writes on after each test. */
    private static final Map<Path, Integer> SEARCHED = new HashMap<>();

    private static PlantedPii planted() {
        PlantedPii planted = new PlantedPii();
        for (long seed : SEEDS) {
            for (FleetVehicle vehicle : new PaymentSimulator(seed, VEHICLES_PER_SEED).vehicles()) {
                planted.addVehicle(vehicle);
            }
        }
        return planted;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    private static synchronized void check(String test) {
        for (Path log : ConnectWorkerProcess.logFiles()) {
            if (Files.exists(log)) {
                search(log);
            }
        }
        Set<String> found = takeFindings();
        if (!found.isEmpty()) {
            throw new AssertionError("personal data in the logs after " + test + ": " + found);
        }
    }

    /** What was found since the last call: kind and place, e.g. "vin in a line of io.fleetml.X at WARN". */
    static Set<String> takeFindings() {
        Set<String> found = new TreeSet<>();
        for (String finding; (finding = FOUND.poll()) != null; ) {
            found.add(finding);
        }
        return found;
    }

    private static void search(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = SEARCHED.getOrDefault(log, 0); i < lines.size(); i++) {
                report(lines.get(i), log.getFileName() + " line " + (i + 1));
            }
            SEARCHED.put(log, lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker log " + log, e);
        }
    }

    /** Searches every event logged in this JVM: the message and the messages of its exception chain. */
    public static final class Lines extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                text.append('\n').append(thrown.getMessage());
            }
            report(text, "a line of " + event.getLoggerName() + " at " + event.getLevel());
        }
    }

    private static void report(CharSequence text, String where) {
        for (String pii : PLANTED.foundIn(text)) {
            FOUND.add(PLANTED.kindOf(pii) + " in " + where);
        }
    }
}
