package io.fleetml.testkit.pubsub;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.LocalResources;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The official Cloud Pub/Sub emulator from the Cloud SDK, run as a child process on a free loopback port, with admin,
 * publish and pull helpers bound to it. Tests that need it skip themselves when it is not installed:
 * {@code assumeTrue(PubSubEmulator.available(), PubSubEmulator.unavailableReason())}.
 */
public final class PubSubEmulator implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String PROJECT_ID = "fleetml-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);
    /** Another process can take the port between our probe and the emulator's bind; a new port usually fixes it. */
    private static final int START_ATTEMPTS = 3;
    private static final int MIN_ID_LENGTH = 3;
    private static final int LOG_TAIL_CHARS = 4000;

    private final Path workDir;
    private final Process process;
    private final Thread killOnExit;
    private final int port;
    private final ManagedChannel channel;
    private final TransportChannelProvider channelProvider;
    private TopicAdminClient topicAdmin;
    private SubscriptionAdminClient subscriptionAdmin;
    private SubscriberStub subscriberStub;

    private PubSubEmulator(Path workDir, Process process, Thread killOnExit, int port) {
        this.workDir = workDir;
        this.process = process;
        this.killOnExit = killOnExit;
        this.port = port;
        this.channel = ManagedChannelBuilder.forTarget(hostPort()).usePlaintext().build();
        this.channelProvider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    }

    public static boolean available() {
        return EmulatorJar.located().jar().isPresent();
    }

    /** Why {@link #available()} is false, naming the jar that was looked for. */
    public static String unavailableReason() {
        return available() ? "the Pub/Sub emulator is available" : EmulatorJar.located().missingReason();
    }

    /** Starts the emulator and returns once it answers admin calls. */
    public static PubSubEmulator start() {
        Path jar = EmulatorJar.located().jar().orElseThrow(() -> new IllegalStateException(unavailableReason()));
        Path workDir;
        try {
            workDir = Files.createTempDirectory("fleetml-pubsub-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = workDir.resolve("emulator.log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            int port = LocalResources.freePort();
            Process process = launch(jar, port, log);
            // A test JVM that dies or times out never calls close(); the emulator must not outlive it.
            Thread killOnExit = new Thread(process::destroyForcibly, "pubsub-emulator-kill");
            Runtime.getRuntime().addShutdownHook(killOnExit);
            if (awaitListening(process, port, deadline)) {
                PubSubEmulator emulator = new PubSubEmulator(workDir, process, killOnExit, port);
                try {
                    emulator.connectClients();
                    return emulator;
                } catch (RuntimeException e) {
                    String output = tail(log);
                    emulator.close();
                    throw new IllegalStateException("Pub/Sub emulator on port " + port
                            + " does not answer admin calls; end of its output:\n" + output, e);
                }
            }
            boolean timedOut = process.isAlive();
            stop(process, killOnExit);
            if (timedOut || attempt == START_ATTEMPTS) {
                String output = tail(log);
                Directories.deleteTree(workDir);
                throw new IllegalStateException("Pub/Sub emulator did not start on port " + port
                        + (timedOut ? " within " + START_TIMEOUT : ", it exited") + "; end of its output:\n" + output);
            }
        }
    }

    /** {@code 127.0.0.1:port}: the value for {@code PUBSUB_EMULATOR_HOST} or a client's endpoint. */
    public String hostPort() {
        return HOST + ":" + port;
    }

    public String projectId() {
        return PROJECT_ID;
    }

    /**
     * Settings of a Pub/Sub source connector that pulls {@code subscription} of this emulator into {@code kafkaTopic},
     * with the payload as bytes and string keys; callers add what their test varies.
     */
    public Map<String, String> sourceConnectorConfig(String subscription, String kafkaTopic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.pubsub.PubSubSourceConnector");
        config.put("tasks.max", "1");
        config.put("gcp.project.id", projectId());
        config.put("pubsub.subscription", subscription);
        config.put("pubsub.endpoint", hostPort());
        config.put("pubsub.endpoint.plaintext", "true");
        config.put("kafka.topic", kafkaTopic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    public void createTopic(String topic) {
        topicAdmin.createTopic(topicName(topic));
    }

    public void createSubscription(String subscription, String topic) {
        createSubscription(subscription, topic, SubscriptionOptions.defaults());
    }

    public void createSubscription(String subscription, String topic, SubscriptionOptions options) {
        subscriptionAdmin.createSubscription(Subscription.newBuilder()
                .setName(subscriptionName(subscription).toString())
                .setTopic(topicName(topic).toString())
                .setAckDeadlineSeconds(options.ackDeadlineSeconds())
                .setEnableMessageOrdering(options.messageOrdering())
                .setEnableExactlyOnceDelivery(options.exactlyOnceDelivery())
                .build());
    }

    /**
     * A publisher bound to the emulator, with message ordering enabled so messages may carry ordering keys, and batches
     * of up to 1000 messages or 10 ms. The caller shuts it down.
     */
    public Publisher publisher(String topic) {
        try {
            return Publisher.newBuilder(topicName(topic))
                    .setChannelProvider(channelProvider)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setEnableMessageOrdering(true)
                    .setBatchingSettings(BatchingSettings.newBuilder()
                            .setElementCountThreshold(1000L)
                            .setRequestByteThreshold(1_000_000L)
                            .setDelayThresholdDuration(Duration.ofMillis(10))
                            .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the messages and returns their ids in the same order once the emulator has stored them all. */
    public List<String> publishAll(String topic, List<PubsubMessage> messages) {
        Publisher publisher = publisher(topic);
        try {
            List<ApiFuture<String>> ids = new ArrayList<>(messages.size());
            for (PubsubMessage message : messages) {
                ids.add(publisher.publish(message));
            }
            return ApiFutures.allAsList(ids).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("publishing " + messages.size() + " messages to " + topic
                    + " did not finish within " + PUBLISH_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            shutDown(publisher);
        }
    }

    /** Publishes {@code {"n":i}} with attribute {@code n=i} for i = 0 … n-1 and returns the message ids in that order. */
    public List<String> publishNumbered(String topic, int n) {
        List<PubsubMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom("{\"n\":" + i + "}", StandardCharsets.UTF_8))
                    .putAttributes("n", Integer.toString(i))
                    .build());
        }
        return publishAll(topic, messages);
    }

    /**
     * One unary pull of at most {@code max} messages, without acking them: what the emulator delivers now, possibly
     * fewer than are outstanding (it hands out at most about 100 per pull), and an empty list at once when none are.
     */
    @SuppressWarnings("deprecation") // returnImmediately: otherwise the emulator holds a pull on an empty subscription
    public List<ReceivedMessage> pullSync(String subscription, int max) {
        return subscriberStub.pullCallable().call(PullRequest.newBuilder()
                        .setSubscription(subscriptionName(subscription).toString())
                        .setMaxMessages(max)
                        .setReturnImmediately(true)
                        .build())
                .getReceivedMessagesList();
    }

    @Override
    public void close() {
        if (subscriberStub != null) {
            subscriberStub.close();
        }
        if (subscriptionAdmin != null) {
            subscriptionAdmin.close();
        }
        if (topicAdmin != null) {
            topicAdmin.close();
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(process, killOnExit);
        Directories.deleteTree(workDir);
    }

    private TopicName topicName(String topic) {
        return TopicName.of(PROJECT_ID, checkedId(topic));
    }

    private SubscriptionName subscriptionName(String subscription) {
        return SubscriptionName.of(PROJECT_ID, checkedId(subscription));
    }

    /** Pub/Sub rejects shorter ids; the emulator's message for that does not say so. */
    private static String checkedId(String id) {
        if (id.length() < MIN_ID_LENGTH) {
            throw new IllegalArgumentException("Pub/Sub topic and subscription ids need at least " + MIN_ID_LENGTH
                    + " characters: '" + id + "'");
        }
        return id;
    }

    private static Process launch(Path jar, int port, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            return new ProcessBuilder(java, "-jar", jar.toString(), "--host=" + HOST, "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the port accepts connections; false if the process exits first or the deadline passes. */
    private static boolean awaitListening(Process process, int port, long deadline) {
        while (System.nanoTime() - deadline < 0) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), (int) CONNECT_TIMEOUT.toMillis());
                return true;
            } catch (IOException notYet) {
                // the emulator is still starting
            }
            try {
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    /**
     * Listing topics proves the gRPC service is up, not just the socket; the client retries it while the emulator
     * answers UNAVAILABLE, for at most its default 60 s.
     */
    private void connectClients() {
        try {
            topicAdmin = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                    .setTransportChannelProvider(channelProvider)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
            subscriptionAdmin = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channelProvider)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
            subscriberStub = GrpcSubscriberStub.create(SubscriberStubSettings.newBuilder()
                    .setTransportChannelProvider(channelProvider)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        topicAdmin.listTopics(ProjectName.of(PROJECT_ID));
    }

    private static void stop(Process process, Thread killOnExit) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException jvmAlreadyExiting) {
            // the hook is running or about to, which is what removing it would have prevented
        }
    }

    private static void shutDown(Publisher publisher) {
        publisher.shutdown();
        try {
            publisher.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static String tail(Path log) {
        try {
            String output = Files.exists(log) ? Files.readString(log) : "";
            return output.substring(Math.max(0, output.length() - LOG_TAIL_CHARS));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

}
