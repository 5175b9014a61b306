package io.fleetml.testkit.mqtt;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.LocalResources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real Eclipse Mosquitto broker (the Debian package's {@code /usr/sbin/mosquitto}) as a child process on a free
 * loopback port, with its own configuration file: Mosquitto's defaults except the queue limit and persistence, which a
 * test chooses. Tests skip themselves when it is not installed:
 * {@code assumeTrue(MosquittoBroker.installed(), MosquittoBroker.MISSING)}.
 */
public final class MosquittoBroker implements RunningBroker {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    public static final String MISSING = BINARY + " is not installed (apt-get install -y mosquitto); Mosquitto tests skipped";

    private final Path home;
    private final int port;
    private final Path log;
    private final boolean logPackets;
    private final BrokerProcess process;

    private MosquittoBroker(Builder builder) throws IOException {
        home = Files.createTempDirectory("fleetml-mosquitto-");
        logPackets = builder.logPackets;
        port = LocalResources.freePort();
        log = home.resolve("mosquitto.log");
        Files.createDirectories(home.resolve("data"));
        Path config = home.resolve("mosquitto.conf");
        Files.writeString(config, config(builder));
        process = new BrokerProcess("mosquitto", List.of(BINARY.toString(), "-c", config.toString()), port, home.resolve("stdout.log"));
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker and returns once it accepts connections. */
    public MosquittoBroker start() {
        process.start();
        return this;
    }

    /** SIGTERM, which makes Mosquitto write its persistence file, then waits for the process to end. */
    public void stop() {
        process.stop();
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
        BrokerProcess.await(() -> logLines().stream().filter(line -> subscribed.matcher(line).find()).count() >= count, timeout,
                clientId + " subscribing " + count + " times");
    }

    /** How many times client {@code clientId} connected, from the broker's log. */
    public long connections(String clientId) {
        return logLines().stream().filter(line -> line.contains("New client connected") && line.contains(" as " + clientId + " ")).count();
    }

    /**
     * How many PUBLISH packets the broker resent to client {@code clientId} with the DUP flag: messages it had sent and
     * not seen acknowledged when a connection of the client ended. Needs {@link Builder#logPackets()}.
     */
    public long resentTo(String clientId) {
        if (!logPackets) {
            throw new IllegalStateException("the broker was built without logPackets(): its log has no packets");
        }
        // Mosquitto logs a packet it sends as "<time>: Sending PUBLISH to <client id> (d<dup>, q<qos>, ...".
        String resent = "Sending PUBLISH to " + clientId + " (d1,";
        return logLines().stream().filter(line -> line.contains(resent)).count();
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops the broker and deletes its configuration, log and data. */
    @Override
    public synchronized void close() {
        stop();
        Directories.deleteTree(home);
    }

    private List<String> logLines() {
        return BrokerProcess.lines(log);
    }

    private String config(Builder builder) {
        StringBuilder conf = new StringBuilder()
                .append("listener ").append(port).append(' ').append(BrokerProcess.HOST).append('\n')
                .append("allow_anonymous true\n")
                // Started as root, Mosquitto would switch to user mosquitto, who cannot write this temporary directory.
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("log_dest file ").append(log).append('\n')
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n")
                .append(builder.logPackets ? "log_type debug\n" : "")
                .append("connection_messages true\n")
                .append("persistence ").append(builder.persistence).append('\n')
                .append("persistence_location ").append(home.resolve("data")).append("/\n");
        if (builder.maxQueuedMessages != null) {
            conf.append("max_queued_messages ").append(builder.maxQueuedMessages).append('\n');
        }
        return conf.toString();
    }

    /** Mosquitto's defaults (1000 queued messages per client, no persistence) unless changed here. */
    public static final class Builder {
        private Long maxQueuedMessages;
        private boolean persistence;
        private boolean logPackets;

        private Builder() {
        }

        /** Log every packet sent and received (Mosquitto's debug log), about 400 bytes a message. */
        public Builder logPackets() {
            this.logPackets = true;
            return this;
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
