package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.payload.RecordRejected;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.metrics.PluginGauges;
import io.fleetml.connect.common.metrics.TaskPluginMetrics;
import io.fleetml.connect.common.source.SourceHandOff;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives from the broker and hands records to Connect; acknowledges each message to the broker from
 * {@link #commitRecord}, that is after Kafka has the record, in receive order. A message that cannot become a record
 * goes to {@code errors.topic} (acknowledged once that topic has it) or fails the task unacknowledged, so the broker
 * still holds it. Across reconnects of a persistent session, {@link DeliveryGate} keeps a second copy of what the
 * broker resends out of Kafka.
 */
public class MqttSourceTask extends SourceTask implements BrokerConnection.SessionEvents {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

    private final SourceHandOff<Received, Long> handOff = new SourceHandOff<>();
    /** A device that keeps sending malformed messages must not flood the worker's log. */
    private static final long ERROR_WARNING_INTERVAL_MS = 30_000;

    private final AtomicLong toErrorsTopic = new AtomicLong();
    private final WarningThrottle errorWarnings = new WarningThrottle(ERROR_WARNING_INTERVAL_MS);
    private MqttSourceConfig config;
    private RecordMapper mapper;
    private InflightAcks inflight;
    private DeliveryGate gate;
    private BrokerConnection connection;
    private TaskPluginMetrics pluginMetrics;

    @Override
    public String version() {
        return BundleVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSourceConfig(props);
        mapper = new RecordMapper(config);
        inflight = new InflightAcks(config.maxInflight(), config.maxInflightBytes());
        gate = new DeliveryGate(config.persistentSession());
        connection = new BrokerConnection(config, this::receive, this);
        pluginMetrics = TaskPluginMetrics.of(context);
        registerMetrics(pluginMetrics.metrics());
        connection.start();
        log.info("MQTT source task {} started for {} on {}", config.clientId(), config.topicPatterns(), config.serverUris());
    }

    private void registerMetrics(PluginMetrics metrics) {
        new PluginGauges(metrics)
                .add("messages-received", "Messages received from the broker.", inflight::received)
                .add("messages-acknowledged", "Messages acknowledged to the broker, each once Kafka had it and every message "
                        + "received before it was acknowledged.", inflight::acknowledged)
                .add("messages-in-flight", "Messages received and not yet acknowledged to the broker; at most "
                        + MqttSourceConfig.MAX_INFLIGHT_CONFIG + ".", inflight::size)
                .add("bytes-in-flight", "Payload bytes of the messages in flight; at most "
                        + MqttSourceConfig.MAX_INFLIGHT_BYTES_CONFIG + " (or one larger message alone).", inflight::bytes)
                .add("messages-to-errors-topic", "Messages that could not become a record (malformed, too large, no valid "
                        + "Kafka topic) and were handed to Connect for " + MqttSourceConfig.ERRORS_TOPIC_CONFIG + ".", toErrorsTopic::get)
                .add("connection-losses", "Established connections to the broker that were lost; the task reconnects with "
                        + "backoff.", connection::connectionLosses)
                .add("reconnects", "Connections made again after a loss.", connection::reconnects)
                .add("messages-let-go-for-redelivery", "Messages received on a connection that was lost before Connect "
                        + "took them, let go because the broker resends them on the resumed session.", gate::letGo)
                .add("receive-maximum", "Unacknowledged messages MQTT 5 brokers may send the task: "
                        + MqttSourceConfig.MAX_INFLIGHT_CONFIG + ", or " + BrokerConnection.TOLERANT_RECEIVE_MAXIMUM
                        + " once a broker sent more than that.", connection::receiveMaximum);
    }

    /**
     * Runs on the connection's receiving thread and blocks while the window is full, so Connect never holds more than
     * the window; the client meanwhile buffers what the broker sends, at most the receive maximum it announced.
     */
    private void receive(Incoming message) {
        try {
            Runnable acknowledgement = switch (gate.admit(message)) {
                case DELIVER -> message.acknowledgement();
                case PROBE -> () -> {
                    message.acknowledgement().run();
                    gate.probeAcknowledged(message.connection());
                };
                case SET_ASIDE, LET_GO -> null;
            };
            if (acknowledgement == null) {
                return;
            }
            long sequence = inflight.admit(message.payload().length, acknowledgement);
            if (sequence < 0) {
                return;
            }
            // The connection may have been lost while the window was full.
            if (gate.stillDeliver(message)) {
                handOff.add(new Received(message, sequence));
            } else {
                inflight.forget(sequence);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void connected(int connectionNumber, boolean sessionPresent, boolean strictReceiveMaximum) {
        for (Incoming orphan : gate.connected(connectionNumber, sessionPresent, strictReceiveMaximum)) {
            long sequence = inflight.admitNow(orphan.payload().length, orphan.acknowledgement());
            if (sequence >= 0) {
                handOff.add(new Received(orphan, sequence));
            }
        }
    }

    /** What Connect has not taken from the lost connection goes back to the gate, which the next CONNACK decides. */
    @Override
    public void lost(int connectionNumber) {
        gate.lost(connectionNumber);
        if (!config.persistentSession()) {
            return;
        }
        for (Received received : handOff.takeBack(r -> r.message.qos() > 0 && r.message.connection() <= connectionNumber)) {
            if (gate.stillDeliver(received.message)) {
                handOff.add(received);
            } else {
                inflight.forget(received.sequence);
            }
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        connection.check();
        return handOff.poll(config.pollWaitMs(), config.batchMaxRecords(), received -> toRecord(received.message), Received::sequence);
    }

    private SourceRecord toRecord(Incoming message) {
        try {
            return mapper.map(message);
        } catch (RecordRejected rejected) {
            String topic = mapper.label(message);
            if (config.errorsTopic() == null) {
                throw new ConnectException("message on MQTT topic " + topic + " (QoS " + message.qos()
                        + ") cannot become a record: " + rejected.getMessage() + ". It stays unacknowledged in the broker; set "
                        + MqttSourceConfig.ERRORS_TOPIC_CONFIG + " to route such messages there instead of failing the task");
            }
            toErrorsTopic.incrementAndGet();
            long heldBack = errorWarnings.pass(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
            if (heldBack >= 0) {
                log.warn("message on MQTT topic {} goes to {}: {} ({} more since the last such warning; {} in all)", topic,
                        config.errorsTopic(), rejected.getMessage(), heldBack, toErrorsTopic.get());
            }
            return mapper.errorRecord(message, rejected);
        }
    }

    /**
     * Kafka has the record, or a transform dropped it: the message may now be acknowledged to the broker. With
     * {@code errors.tolerance=all} Connect also calls this for records the producer failed to write; that setting trades
     * those messages away, which is why bad messages are routed to {@code errors.topic} here instead.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Long sequence = handOff.committed(record);
        if (sequence != null) {
            inflight.complete(sequence);
        }
    }

    @Override
    public void stop() {
        if (inflight != null) {
            inflight.close();
        }
        if (connection != null) {
            connection.close();
        }
        handOff.clear();
        if (pluginMetrics != null) {
            pluginMetrics.close();
            pluginMetrics = null;
        }
        log.info("MQTT source task {} stopped", config == null ? "" : config.clientId());
    }

    private record Received(Incoming message, long sequence) {
    }
}
