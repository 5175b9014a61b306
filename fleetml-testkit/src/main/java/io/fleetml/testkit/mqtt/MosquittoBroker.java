package io.fleetml.testkit.mqtt;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.LocalResources;

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
import java.util.regex.Pattern;

/**
 * A real Eclipse Mosquitto broker (the Debian package's {@code /usr/sbin/mosquitto}) as a child process on a free
 * loopback port, with its own configuration file: Mosquitto's defaults except the queue limit and persistence, which a
 * test chooses. Tests skip themselves when it is not installed:
 * {@code assumeTrue(MosquittoBroker.installed(), MosquittoBroker.MISSING)}.
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    public static final String MISSING = BINARY + " is not installed (apt-get install -y mosquitto); Mosquitto tests skipped";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final Path home;
    private final int port;
    private final Path log;
    private Process process;
    private Thread killOnExit;

    private MosquittoBroker(Builder builder) throws IOException {
        home = Files.createTempDirectory("fleetml-mosquitto-");
        port = LocalResources.freePort();
        log = home.resolve("mosquitto.log");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("mosquitto.conf"), config(builder));
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker and returns once it accepts connections. */
    public synchronized MosquittoBroker start() {
        if (process != null) {
            throw new IllegalStateException("already running");
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", home.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        killOnExit = new Thread(started::destroyForcibly, "mosquitto-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        await(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + started.exitValue() + "; see " + home);
            }
            return listening();
        }, START_TIMEOUT, "mosquitto listening on " + HOST + ":" + port);
        return this;
    }

    /** SIGTERM, which makes Mosquitto write its persistence file, then waits for the process to end. */
    public synchronized void stop() {
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

    /** Stops the broker and starts it again on the same port with what it persisted. */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Waits until client {@code clientId} has subscribed, as the broker's log says. MQTT drops what nobody subscribes
     * to, so a test publishes only after the subscriber it feeds is in place.
     */
    public void awaitSubscription(String clientId, Duration timeout) {
        awaitSubscriptions(clientId, 1, timeout);
    }

    /**
     * Waits until client {@code clientId} has subscribed {@code count} times since the broker was built, as its log
     * (kept across restarts) says: after a restart, a test waits for the next subscription before it publishes.
     */
    public void awaitSubscriptions(String clientId, int count, Duration timeout) {
        // Mosquitto logs a subscription as "<time>: <client id> <qos> <topic filter>".
        Pattern subscribed = Pattern.compile(": " + Pattern.quote(clientId) + " [0-2] ");
        await(() -> logLines().stream().filter(line -> subscribed.matcher(line).find()).count() >= count, timeout,
                clientId + " subscribing " + count + " times");
    }

    /** How many times client {@code clientId} connected, from the broker's log. */
    public long connections(String clientId) {
        return logLines().stream().filter(line -> line.contains("New client connected") && line.contains(" as " + clientId + " ")).count();
    }

    public int port() {
        return port;
    }

    public String tcpUri() {
        return "tcp://" + HOST + ":" + port;
    }

    /** Stops the broker and deletes its configuration, log and data. */
    @Override
    public synchronized void close() {
        stop();
        Directories.deleteTree(home);
    }

    private List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config(Builder builder) {
        StringBuilder conf = new StringBuilder()
                .append("listener ").append(port).append(' ').append(HOST).append('\n')
                .append("allow_anonymous true\n")
                // Started as root, Mosquitto would switch to user mosquitto, who cannot write this temporary directory.
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("log_dest file ").append(log).append('\n')
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n")
                .append("connection_messages true\n")
                .append("persistence ").append(builder.persistence).append('\n')
                .append("persistence_location ").append(home.resolve("data")).append("/\n");
        if (builder.maxQueuedMessages != null) {
            conf.append("max_queued_messages ").append(builder.maxQueuedMessages).append('\n');
        }
        return conf.toString();
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) POLL_INTERVAL.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
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

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing left to remove.
        }
    }

    /** Mosquitto's defaults (1000 queued messages per client, no persistence) unless changed here. */
    public static final class Builder {
        private Long maxQueuedMessages;
        private boolean persistence;

        private Builder() {
        }

        /** Messages Mosquitto queues for a client beyond those in flight; past this it drops QoS 1 messages. */
        public Builder maxQueuedMessages(long max) {
            this.maxQueuedMessages = max;
            return this;
        }

        /** Keep sessions and queued messages across a restart (written on shutdown). */
        public Builder persistence() {
            this.persistence = true;
            return this;
        }

        public MosquittoBroker build() throws IOException {
            return new MosquittoBroker(this);
        }
    }
}
