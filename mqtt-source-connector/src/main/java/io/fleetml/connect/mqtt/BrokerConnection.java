package io.fleetml.connect.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One task's connection to the brokers, MQTT 5 or 3.1.1. The manual-acknowledgement publish flow is registered before
 * the first connect, so messages the broker resends from a resumed session are not acknowledged before Kafka has them.
 * Connect attempts, the first one included, are retried with exponential backoff and jitter, failing over through the
 * configured brokers; rejected credentials and TLS failures are fatal at once, and an outage longer than
 * {@code mqtt.max.outage.ms} is fatal too, including one where the broker keeps accepting and dropping the task.
 * {@link #check} turns either into a task failure with the reason.
 * <p>
 * The client keeps reading the socket whatever the task does with what it delivered (it hands messages over on its own
 * threads and buffers the rest), so only the broker can hold the backlog back: MQTT 5 brokers are told a receive
 * maximum of {@code mqtt.max.inflight}. A broker that sends more than that anyway, as Mosquitto 2.0 does when it
 * resumes a session with a backlog, makes the client drop the connection; the task then announces
 * {@link #TOLERANT_RECEIVE_MAXIMUM} from the next connection on, once, instead of dropping it again on every resume.
 * MQTT 3.1.1 brokers know no receive maximum and apply their own in-flight limit.
 */
final class BrokerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final long DISCONNECT_TIMEOUT_MS = 5_000;
    /**
     * The receive maximum after a broker overran the announced one. 65535 is the protocol's default, which the client
     * leaves out of CONNECT, and Mosquitto then applies its own {@code max_inflight_messages} (20 by default).
     */
    static final int TOLERANT_RECEIVE_MAXIMUM = 65534;
    private static final long WARNING_INTERVAL_MS = 30_000;
    private static final Pattern VIN_LIKE = Pattern.compile("\\b[A-HJ-NPR-Z0-9]{17}\\b");
    private static final Set<Mqtt5ConnAckReasonCode> FATAL_5 = Set.of(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD,
            Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID, Mqtt5ConnAckReasonCode.BANNED,
            Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD, Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    private static final Set<Mqtt3ConnAckReturnCode> FATAL_3 = Set.of(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD,
            Mqtt3ConnAckReturnCode.NOT_AUTHORIZED, Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED,
            Mqtt3ConnAckReturnCode.UNSUPPORTED_PROTOCOL_VERSION);

    private final MqttSourceConfig config;
    private final Consumer<Incoming> receiver;
    private final SessionEvents sessionEvents;
    private final List<URI> servers;
    private final MqttClientSslConfig ssl;
    private final List<String> filters;
    private final AtomicLong connectionLosses = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final WarningThrottle disconnectWarnings = new WarningThrottle(WARNING_INTERVAL_MS);
    private ConnectionHealth health;
    private Mqtt5AsyncClient client5;
    private Mqtt3AsyncClient client3;
    /**
     * Runs the receiver, which blocks while the task's window is full. The client's default is the JVM-wide RxJava
     * computation pool, one thread per core, so a few full windows would stall every other MQTT task of the worker.
     */
    private final ExecutorService receiving;

    private volatile boolean closed;
    private volatile boolean everConnected;
    private volatile boolean up;
    private volatile String fatal;
    private volatile String lastError = "not connected yet";
    private volatile int server;
    private volatile int receiveMaximum;
    /** Numbers the connections from 1, so each message says which one it came on. */
    private volatile int connection;

    BrokerConnection(MqttSourceConfig config, Consumer<Incoming> receiver, SessionEvents sessionEvents) {
        this.config = config;
        this.receiver = receiver;
        this.sessionEvents = sessionEvents;
        this.servers = config.serverUris();
        this.ssl = servers.stream().anyMatch(u -> "ssl".equals(u.getScheme())) ? TlsContexts.sslConfig(config) : null;
        List<String> subscriptionFilters = new ArrayList<>();
        for (TopicPattern pattern : config.topicPatterns()) {
            String filter = pattern.subscriptionFilter();
            subscriptionFilters.add(config.sharedSubscriptions() ? "$share/" + config.sharedGroup() + "/" + filter : filter);
        }
        this.filters = List.copyOf(subscriptionFilters);
        this.receiving = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-receive-" + config.clientId());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        health = new ConnectionHealth(monotonicMs(), config.maxOutageMs());
        receiveMaximum = config.maxInflight();
        if (config.mqtt5()) {
            startMqtt5();
        } else {
            startMqtt3();
        }
    }

    /** Fails the task when the connection cannot come back: rejected, or away longer than the allowed outage. */
    void check() {
        long nowMs = monotonicMs();
        if (fatal != null) {
            throw new ConnectException(fatal);
        }
        long outageMs = health.outageMs(nowMs);
        if (outageMs <= config.maxOutageMs()) {
            return;
        }
        String limit = " (" + MqttSourceConfig.MAX_OUTAGE_CONFIG + "=" + config.maxOutageMs() + "); last error: " + lastError;
        long connections = health.connectionsInOutage();
        if (connections == 0) {
            throw new ConnectException("no MQTT broker of " + servers + " reachable for " + outageMs + " ms" + limit);
        }
        throw new ConnectException("the MQTT brokers " + servers + " accepted task " + config.clientId() + " " + connections
                + " times in " + outageMs + " ms but dropped it each time before it stayed connected for "
                + health.stableMs() + " ms" + limit);
    }

    /** Established connections lost other than by {@link #close}; failed attempts to connect again are not counted. */
    long connectionLosses() {
        return connectionLosses.get();
    }

    /** Connections made after the first one. */
    long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client5 != null) {
                client5.disconnect().get(DISCONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } else if (client3 != null) {
                client3.disconnect().get(DISCONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("{}: disconnect did not complete: {}", config.clientId(), e.toString());
        }
        receiving.shutdownNow();
    }

    private void startMqtt5() {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier(config.clientId())
                .transportConfig(transport(servers.get(0)))
                .addConnectedListener(this::onConnected)
                .addDisconnectedListener(this::onDisconnected);
        if (config.username() != null || config.password() != null) {
            var auth = builder.simpleAuth();
            if (config.username() != null) {
                auth = auth.username(config.username());
            }
            builder = auth.password(passwordBytes(config.password())).applySimpleAuth();
        }
        client5 = builder.buildAsync();
        client5.publishes(MqttGlobalPublishFilter.ALL, this::receive5, receiving, true);
        client5.connectWith()
                .cleanStart(!config.persistentSession())
                .sessionExpiryInterval(config.persistentSession() ? config.sessionExpirySeconds() : 0)
                .keepAlive(config.keepAliveSeconds())
                .restrictions().receiveMaximum(receiveMaximum).maximumPacketSize(config.maxPacketBytes()).applyRestrictions()
                .send();
    }

    private void startMqtt3() {
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3().identifier(config.clientId())
                .transportConfig(transport(servers.get(0)))
                .addConnectedListener(this::onConnected)
                .addDisconnectedListener(this::onDisconnected);
        if (config.username() != null) {
            builder = builder.simpleAuth().username(config.username()).password(passwordBytes(config.password())).applySimpleAuth();
        }
        client3 = builder.buildAsync();
        client3.publishes(MqttGlobalPublishFilter.ALL, this::receive3, receiving, true);
        client3.connectWith().cleanSession(!config.persistentSession()).keepAlive(config.keepAliveSeconds()).send();
    }

    private static byte[] passwordBytes(Password password) {
        return password == null ? new byte[0] : password.value().getBytes(StandardCharsets.UTF_8);
    }

    private MqttClientTransportConfig transport(URI uri) {
        MqttClientTransportConfigBuilder builder = MqttClientTransportConfig.builder()
                .serverHost(uri.getHost()).serverPort(uri.getPort())
                .socketConnectTimeout(config.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        if ("ssl".equals(uri.getScheme())) {
            builder.sslConfig(ssl);
        }
        return builder.build();
    }

    /**
     * Subscribes on every connection, not only the first: subscribing again to the same filters keeps the session and
     * its queue (MQTT 3.1.1 and 5, section 3.8.4), and Mosquitto 2.0 restores a persistent session after a restart
     * without its shared subscriptions, so nothing published after the restart would arrive. A SUBACK that refuses a
     * filter fails the task; a connection lost before the SUBACK leaves the subscribing to the next connection.
     */
    private void onConnected(MqttClientConnectedContext context) {
        boolean sessionPresent = context instanceof Mqtt5ClientConnectedContext connected5
                ? connected5.getConnAck().isSessionPresent()
                : ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent();
        connection++;
        sessionEvents.connected(connection, sessionPresent, client5 != null && receiveMaximum < TOLERANT_RECEIVE_MAXIMUM);
        health.connected(monotonicMs());
        up = true;
        if (everConnected) {
            reconnects.incrementAndGet();
        }
        everConnected = true;
        log.info("{}: connected to {}", config.clientId(), servers.get(server % servers.size()));
        MqttQos qos = MqttQos.fromCode(config.qos());
        if (client5 != null) {
            // Retained messages come with the first subscription only, not again with every reconnect.
            List<Mqtt5Subscription> subscriptions = filters.stream().map(f -> Mqtt5Subscription.builder().topicFilter(f).qos(qos)
                    .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).build()).toList();
            client5.subscribeWith().addSubscriptions(subscriptions).send().whenComplete((ack, error) -> {
                if (error instanceof Mqtt5SubAckException refused) {
                    fatal = "the broker refused the subscriptions " + filters + ": " + refused.getMqttMessage().getReasonCodes();
                } else if (error == null && ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                    fatal = "the broker refused the subscriptions " + filters + ": " + ack.getReasonCodes();
                } else if (error != null) {
                    log.debug("{}: subscribing did not complete: {}", config.clientId(), describe(error));
                }
            });
        } else {
            List<Mqtt3Subscription> subscriptions = filters.stream()
                    .map(f -> Mqtt3Subscription.builder().topicFilter(f).qos(qos).build()).toList();
            client3.subscribeWith().addSubscriptions(subscriptions).send().whenComplete((ack, error) -> {
                if (error instanceof Mqtt3SubAckException refused) {
                    fatal = "the broker refused the subscriptions " + filters + ": " + refused.getMqttMessage().getReturnCodes();
                } else if (error == null && ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                    fatal = "the broker refused the subscriptions " + filters + ": " + ack.getReturnCodes();
                } else if (error != null) {
                    log.debug("{}: subscribing did not complete: {}", config.clientId(), describe(error));
                }
            });
        }
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        if (closed || context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        Throwable cause = context.getCause();
        URI current = servers.get(server % servers.size());
        if (isFatal(cause)) {
            fatal = "MQTT broker " + current + " rejected task " + config.clientId() + ": " + describe(cause);
            log.error("{}", fatal);
            return;
        }
        lastError = current + ": " + describe(cause);
        if (up) {
            up = false;
            connectionLosses.incrementAndGet();
            sessionEvents.lost(connection);
        }
        long nowMs = monotonicMs();
        // The client's own attempt count restarts with every connection; ours only after a stable one, so a broker that
        // drops the task right after accepting it meets a growing backoff instead of an immediate reconnect.
        int failures = health.failed(nowMs);
        long ceiling = Math.min(config.backoffMaxMs(), config.backoffInitialMs() << Math.min(failures - 1, 20));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        URI next = servers.get(++server % servers.size());
        long heldBack = disconnectWarnings.pass(nowMs);
        if (heldBack >= 0) {
            log.warn("{}: disconnected ({}); reconnecting to {} in {} ms ({} disconnects since the last such warning, {} reconnects "
                    + "in all)", config.clientId(), lastError, next, delay, heldBack, reconnects.get());
        } else {
            log.debug("{}: disconnected ({}); reconnecting to {} in {} ms", config.clientId(), lastError, next, delay);
        }
        context.getReconnector().reconnect(true).delay(delay, TimeUnit.MILLISECONDS).transportConfig(transport(next));
        if (overranReceiveMaximum(cause) && receiveMaximum < TOLERANT_RECEIVE_MAXIMUM) {
            log.warn("{}: {} sent more unacknowledged messages than the receive maximum of {} (brokers such as Mosquitto 2.0 "
                    + "do when they resume a session with a backlog); announcing {} from the next connection on, so the "
                    + "client may buffer that many messages", config.clientId(), current, receiveMaximum, TOLERANT_RECEIVE_MAXIMUM);
            receiveMaximum = TOLERANT_RECEIVE_MAXIMUM;
            ((Mqtt5ClientDisconnectedContext) context).getReconnector().connectWith()
                    .restrictions().receiveMaximum(TOLERANT_RECEIVE_MAXIMUM).maximumPacketSize(config.maxPacketBytes())
                    .applyRestrictions().applyConnect();
        }
    }

    /** Receive maximum as announced: what the current or next connection tells an MQTT 5 broker. */
    int receiveMaximum() {
        return receiveMaximum;
    }

    private static boolean overranReceiveMaximum(Throwable cause) {
        return cause instanceof Mqtt5DisconnectException disconnect
                && disconnect.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED;
    }

    /** Durations are measured on this clock, which wall-clock adjustments do not move. */
    private static long monotonicMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private static boolean isFatal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Mqtt5ConnAckException e && FATAL_5.contains(e.getMqttMessage().getReasonCode())) {
                return true;
            }
            if (t instanceof Mqtt3ConnAckException e && FATAL_3.contains(e.getMqttMessage().getReturnCode())) {
                return true;
            }
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Mqtt5ConnAckException e) {
                return "CONNACK " + e.getMqttMessage().getReasonCode();
            }
            if (t instanceof Mqtt3ConnAckException e) {
                return "CONNACK " + e.getMqttMessage().getReturnCode();
            }
            if (t instanceof SSLException) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return "TLS handshake failed: " + root.getMessage();
            }
        }
        // Broker reason strings may quote a topic, and topics name vehicles.
        return cause.getClass().getSimpleName() + ": " + VIN_LIKE.matcher(String.valueOf(cause.getMessage())).replaceAll("<VIN>");
    }

    private void receive5(Mqtt5Publish publish) {
        List<Map.Entry<String, Object>> properties = new ArrayList<>();
        publish.getContentType().ifPresent(v -> properties.add(entry("mqtt.content.type", v.toString())));
        publish.getCorrelationData().ifPresent(v -> properties.add(entry("mqtt.correlation.data", bytes(v))));
        publish.getResponseTopic().ifPresent(v -> properties.add(entry("mqtt.response.topic", v.toString())));
        publish.getMessageExpiryInterval().ifPresent(v -> properties.add(entry("mqtt.message.expiry.interval", v)));
        publish.getPayloadFormatIndicator().ifPresent(v -> properties.add(entry("mqtt.payload.format.indicator", v.name())));
        publish.getUserProperties().asList().forEach(p -> properties.add(entry(p.getName().toString(), p.getValue().toString())));
        receiver.accept(new Incoming(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), properties, publish::acknowledge, System.currentTimeMillis(), connection));
    }

    private void receive3(Mqtt3Publish publish) {
        receiver.accept(new Incoming(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), List.of(), publish::acknowledge, System.currentTimeMillis(), connection));
    }

    /** Told, on the client's thread and in order, when a connection comes up and when it is lost. */
    interface SessionEvents {
        /** {@code strictReceiveMaximum}: a broker that sends more than the announced receive maximum gets it dropped. */
        void connected(int connection, boolean sessionPresent, boolean strictReceiveMaximum);

        void lost(int connection);
    }

    private static Map.Entry<String, Object> entry(String name, Object value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
