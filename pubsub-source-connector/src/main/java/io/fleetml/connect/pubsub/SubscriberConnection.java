package io.fleetml.connect.pubsub;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.auth.Credentials;
import com.google.cloud.pubsub.v1.MessageReceiverWithAckResponse;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The task's StreamingPull {@link Subscriber}: flow control, lease extension and stream retries are the client
 * library's; this class sets them from the connector's settings and keeps the client's failure, so that a fatal error
 * (permission denied, subscription not found) fails the task with its cause instead of leaving it RUNNING and idle.
 * Retryable errors (UNAVAILABLE, DEADLINE_EXCEEDED and the like) are retried by the client with backoff, until the
 * server has not answered for {@code pubsub.max.outage.ms}.
 */
final class SubscriberConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriberConnection.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** What the client library's own default channel allows: a StreamingPull response can carry 10 MB messages. */
    private static final int MAX_INBOUND_MESSAGE_BYTES = 20 * 1024 * 1024;
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private final PubSubSourceConfig config;
    private final MessageReceiverWithAckResponse receiver;
    private final ManagedChannelBuilder<?> channelOverride;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final StreamHealth health = new StreamHealth();
    private ManagedChannel ownChannel;
    private Subscriber subscriber;

    SubscriberConnection(PubSubSourceConfig config, MessageReceiverWithAckResponse receiver) {
        this(config, receiver, null);
    }

    /** {@code channelOverride} stands in for the endpoint, for servers in the same JVM that produce faults on purpose. */
    SubscriberConnection(PubSubSourceConfig config, MessageReceiverWithAckResponse receiver, ManagedChannelBuilder<?> channelOverride) {
        this.config = config;
        this.receiver = receiver;
        this.channelOverride = channelOverride;
    }

    void start() {
        Subscriber.Builder builder = Subscriber.newBuilder(config.subscription(), receiver)
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount(config.flowControlMessages())
                        .setMaxOutstandingRequestBytes(config.flowControlBytes())
                        .setLimitExceededBehavior(LimitExceededBehavior.Block)
                        .build())
                .setMaxAckExtensionPeriodDuration(Duration.ofSeconds(config.maxAckExtensionSeconds()))
                .setMaxDurationPerAckExtensionDuration(Duration.ofSeconds(config.ackExtensionStepSeconds()))
                .setParallelPullCount(config.parallelPulls())
                .setSubscriberShutdownSettings(SubscriberShutdownSettings.newBuilder()
                        .setMode(SubscriberShutdownSettings.ShutdownMode.NACK_IMMEDIATELY)
                        .setTimeout(SHUTDOWN_TIMEOUT)
                        .build());
        if (channelOverride != null || config.plaintext()) {
            ManagedChannelBuilder<?> channel = channelOverride != null
                    ? channelOverride
                    : ManagedChannelBuilder.forTarget(config.endpoint()).usePlaintext();
            ownChannel = channel.intercept(health).build();
            builder.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(ownChannel)))
                    .setCredentialsProvider(NoCredentialsProvider.create());
        } else {
            builder.setChannelProvider(SubscriberStubSettings.defaultGrpcTransportProviderBuilder()
                            .setEndpoint(config.endpoint() != null ? config.endpoint() : SubscriberStubSettings.getDefaultEndpoint())
                            .setMaxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                            .setKeepAliveTimeDuration(KEEP_ALIVE)
                            .setChannelConfigurator(channel -> channel.intercept(health))
                            .build())
                    .setCredentialsProvider(FixedCredentialsProvider.create(credentials()));
        }
        subscriber = builder.build();
        subscriber.addListener(new ApiService.Listener() {
            @Override
            public void failed(ApiService.State from, Throwable cause) {
                failure.compareAndSet(null, cause);
                log.error("Pub/Sub subscriber for {} failed: {}", config.subscription(), describe(cause));
            }
        }, MoreExecutors.directExecutor());
        subscriber.startAsync();
    }

    /**
     * A user pointing the source at the emulator without {@code pubsub.endpoint.plaintext} meets the credentials error
     * first, so for an endpoint of their own it names that setting too.
     */
    private Credentials credentials() {
        try {
            return PubSubSourceConfig.CREDENTIALS.resolve(config.credentialsPath(), config.credentialsJson(), null);
        } catch (ConfigException e) {
            if (config.endpoint() == null) {
                throw e;
            }
            throw new ConfigException(e.getMessage() + ". If " + PubSubSourceConfig.ENDPOINT_CONFIG + "=" + config.endpoint()
                    + " is the Pub/Sub emulator, set " + PubSubSourceConfig.PLAINTEXT_CONFIG + "=true and no key: it takes "
                    + "no TLS and no credentials");
        }
    }

    /**
     * Throws when the client gave up, or when the server has not answered for longer than
     * {@code pubsub.max.outage.ms}, naming the subscription and the cause.
     */
    void check(long nowMs) {
        long outage = health.outageMs(nowMs);
        if (outage > config.maxOutageMs()) {
            throw new ConnectException("Pub/Sub has not answered for " + outage + " ms (" + PubSubSourceConfig.MAX_OUTAGE_CONFIG
                    + "=" + config.maxOutageMs() + ") for " + config.subscription() + "; last error " + health.lastFailure()
                    + ". Messages not yet in Kafka were not acked and will be redelivered.");
        }
        Throwable cause = failure.get();
        if (cause != null) {
            throw new ConnectException("Pub/Sub subscriber for " + config.subscription() + " failed: " + describe(cause)
                    + ". Messages not yet in Kafka were not acked and will be redelivered.", cause);
        }
    }

    /** The gRPC status of the failure where there is one; the client wraps failures during start-up. */
    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.getStatusCode().getCode() + " (" + api.getMessage() + ")";
            }
        }
        return cause.toString();
    }

    @Override
    public void close() {
        if (subscriber != null) {
            try {
                subscriber.stopAsync().awaitTerminated(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn("Pub/Sub subscriber for {} did not stop within {}", config.subscription(), SHUTDOWN_TIMEOUT);
            } catch (IllegalStateException alreadyFailed) {
                log.debug("Pub/Sub subscriber for {} had already failed", config.subscription());
            }
        }
        if (ownChannel != null) {
            ownChannel.shutdownNow();
        }
    }
}
