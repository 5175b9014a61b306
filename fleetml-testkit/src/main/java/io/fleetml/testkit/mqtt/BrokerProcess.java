package io.fleetml.testkit.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A broker of another project running as a child process on a loopback port: started and awaited until it accepts
 * connections, stopped with SIGTERM (then SIGKILL), and killed when the test JVM exits first.
 */
final class BrokerProcess {
    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final String name;
    private final List<String> command;
    private final int port;
    private final Path output;
    private Process process;
    private Thread killOnExit;

    /** {@code output} receives the process's standard output and error, appended across restarts. */
    BrokerProcess(String name, List<String> command, int port, Path output) {
        this.name = name;
        this.command = List.copyOf(command);
        this.port = port;
        this.output = output;
    }

    synchronized void start() {
        if (process != null) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        killOnExit = new Thread(started::destroyForcibly, name + "-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        await(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException(name + " exited with " + started.exitValue() + "; see " + output);
            }
            return listening();
        }, START_TIMEOUT, name + " listening on " + HOST + ":" + port);
    }

    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            removeShutdownHook();
            process = null;
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no " + what + " within " + timeout);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) POLL_INTERVAL.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing left to remove.
        }
    }
}
