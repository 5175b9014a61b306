package io.fleetml.testkit.mqtt;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.LocalResources;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real HiveMQ Community Edition broker running in-process on loopback, with file persistence so that persistent
 * sessions and their queued messages survive {@link #restart()}. Optionally adds a TLS listener and restricts
 * connections to one user name and password.
 */
public final class MqttBroker implements RunningBroker {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final String HOST = BrokerProcess.HOST;
    /** Large enough that tests publishing bursts far ahead of a subscriber never hit the broker's discard policy. */
    private static final long DEFAULT_MAX_QUEUED_MESSAGES = 10_000_000;

    private final Path home;
    private final int port;
    private final int tlsPort;
    private final String user;
    private final byte[] password;
    private EmbeddedHiveMQ hivemq;

    private MqttBroker(Builder builder) throws IOException {
        home = Files.createTempDirectory("fleetml-mqtt-");
        port = LocalResources.freePort();
        tlsPort = builder.certs == null ? -1 : LocalResources.freePort();
        user = builder.user;
        password = builder.password == null ? null : builder.password.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        Files.writeString(home.resolve("conf").resolve("config.xml"), config(builder));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker and returns once its listeners accept connections. */
    public synchronized MqttBroker start() {
        if (hivemq != null) {
            throw new IllegalStateException("already running");
        }
        quietBrokerLogging();
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                // The bootstrap would replace the test's own logback configuration.
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("fleetml-testkit-auth")
                        .withName("fleetml testkit authentication")
                        .withVersion("1")
                        .withAuthor("fleetml")
                        .withPriority(0)
                        .withStartPriority(0)
                        .withExtensionMain(new AuthExtension())
                        .build())
                .build();
        try {
            await(hivemq.start(), "start");
            awaitListening(port);
            if (tlsPort > 0) {
                awaitListening(tlsPort);
            }
        } catch (RuntimeException e) {
            // Callers usually open the broker in a try-with-resources header, which does not close it if start fails.
            try {
                stop();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return this;
    }

    /**
     * Waits until client {@code clientId} holds a subscription and returns its topic filters. MQTT drops what nobody
     * subscribes to, so a test or demo publishes only after the subscriber it feeds is in place.
     */
    public Set<String> awaitSubscription(String clientId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> filters = new TreeSet<>();
            try {
                Services.subscriptionStore().getSubscriptions(clientId).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach(subscription -> filters.add(subscription.getTopicFilter()));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("HiveMQ did not list the subscriptions of " + clientId, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!filters.isEmpty()) {
                return filters;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(clientId + " did not subscribe within " + timeout);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Shuts the broker down, closing its ports; sessions and queued messages stay in the data folder. */
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        EmbeddedHiveMQ stopping = hivemq;
        hivemq = null;
        await(stopping.stop(), "stop");
        try {
            stopping.close();
        } catch (ExecutionException e) {
            throw new IllegalStateException("HiveMQ close failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports with the same persisted data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Restarts the broker with its data folder emptied, as a broker that lost its state: every session is gone. */
    public synchronized void restartWithoutState() {
        stop();
        Directories.deleteTree(home.resolve("data"));
        try {
            Files.createDirectories(home.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    @Override
    public int port() {
        return port;
    }

    public int tlsPort() {
        if (tlsPort < 0) {
            throw new IllegalStateException("broker built without tls()");
        }
        return tlsPort;
    }

    /** Uses {@code localhost}, the name in the server certificate, so hostname verification passes. */
    public String sslUri() {
        return "ssl://localhost:" + tlsPort();
    }

    /** Stops the broker and deletes its configuration and data. */
    @Override
    public synchronized void close() {
        stop();
        Directories.deleteTree(home);
    }

    private String config(Builder builder) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        xml.append("    <tcp-listener>\n      <port>").append(port).append("</port>\n")
                .append("      <bind-address>").append(HOST).append("</bind-address>\n    </tcp-listener>\n");
        if (builder.certs != null) {
            TestCertificates certs = builder.certs;
            String secret = xmlText(certs.password());
            xml.append("    <tls-tcp-listener>\n      <port>").append(tlsPort).append("</port>\n")
                    .append("      <bind-address>").append(HOST).append("</bind-address>\n")
                    .append("      <tls>\n        <keystore>\n")
                    .append("          <path>").append(xmlText(certs.serverKeyStore().toString())).append("</path>\n")
                    .append("          <password>").append(secret).append("</password>\n")
                    .append("          <private-key-password>").append(secret).append("</private-key-password>\n")
                    .append("        </keystore>\n        <truststore>\n")
                    .append("          <path>").append(xmlText(certs.trustStore().toString())).append("</path>\n")
                    .append("          <password>").append(secret).append("</password>\n")
                    .append("        </truststore>\n")
                    .append("        <client-authentication-mode>")
                    .append(builder.requireClientCertificate ? "REQUIRED" : "NONE")
                    .append("</client-authentication-mode>\n      </tls>\n    </tls-tcp-listener>\n");
        }
        return xml.append("  </listeners>\n")
                .append("  <mqtt>\n    <queued-messages>\n      <max-queue-size>").append(builder.maxQueuedMessages)
                .append("</max-queue-size>\n      <strategy>discard</strategy>\n    </queued-messages>\n  </mqtt>\n")
                .append("  <persistence>\n    <mode>file</mode>\n  </persistence>\n")
                .append("  <anonymous-usage-statistics>\n    <enabled>false</enabled>\n  </anonymous-usage-statistics>\n")
                .append("</hivemq>\n")
                .toString();
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void await(CompletableFuture<Void> future, String action) {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("HiveMQ " + action + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("HiveMQ " + action + " did not finish within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitListening(int port) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), (int) POLL_INTERVAL.toMillis());
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("nothing listens on " + HOST + ":" + port + " after " + TIMEOUT, e);
                }
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Only lowers levels nobody configured explicitly, so a test can still turn HiveMQ logging up. */
    private static void quietBrokerLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : List.of("com.hivemq", "jetbrains.exodus", "org.rocksdb", "oshi")) {
                Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }

    /**
     * Always installed, so clients are accepted by this authenticator rather than by whatever CE does when no
     * security extension is present.
     */
    private final class AuthExtension implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            SimpleAuthenticator authenticator = this::authenticate;
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }

        private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
            if (user == null) {
                output.authenticateSuccessfully();
                return;
            }
            ConnectPacket connect = input.getConnectPacket();
            byte[] given = connect.getPassword().map(AuthExtension::bytes).orElse(null);
            if (connect.getUserName().filter(user::equals).isPresent() && given != null
                    && MessageDigest.isEqual(password, given)) {
                output.authenticateSuccessfully();
            } else {
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong user name or password");
            }
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
    }

    /** Plain TCP only and open to every client unless configured otherwise. */
    public static final class Builder {
        private TestCertificates certs;
        private boolean requireClientCertificate;
        private String user;
        private String password;
        private long maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;

        private Builder() {
        }

        /** Adds a TLS listener presenting the server certificate and trusting the test CA for client certificates. */
        public Builder tls(TestCertificates certs, boolean requireClientCertificate) {
            this.certs = certs;
            this.requireClientCertificate = requireClientCertificate;
            return this;
        }

        /** Accepts only clients connecting with exactly this user name and password, on every listener. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * How many QoS 1/2 messages the broker queues per subscriber before it discards new ones. HiveMQ's own default
         * (1000) drops messages whenever a subscriber falls that far behind, which no subscriber can prevent.
         */
        public Builder maxQueuedMessages(long maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /** Picks free ports and writes the configuration; call {@link MqttBroker#start()} next. */
        public MqttBroker build() {
            try {
                return new MqttBroker(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
