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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives from the broker and hands records to Connect; acknowledges each message to the broker from
 * {@link #commitRecord}, that is after Kafka has the record, in receive order. A message that cannot become a record
 * goes to {@code errors.topic} (acknowledged once that topic has it) or fails the task unacknowledged, so the broker
 * still holds it.
 */
public class MqttSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

    private final SourceHandOff<Received, Long> handOff = new SourceHandOff<>();
    private final AtomicLong toErrorsTopic = new AtomicLong();
    private MqttSourceConfig config;
    private RecordMapper mapper;
    private InflightAcks inflight;
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
        connection = new BrokerConnection(config, this::receive);
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
            long sequence = inflight.admit(message.payload().length, message.acknowledgement());
            if (sequence >= 0) {
                handOff.add(new Received(message, sequence));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            if (config.errorsTopic() == null) {
                throw new ConnectException("message on MQTT topic '" + message.topic() + "' (QoS " + message.qos()
                        + ") cannot become a record: " + rejected.getMessage() + ". It stays unacknowledged in the broker; set "
                        + MqttSourceConfig.ERRORS_TOPIC_CONFIG + " to route such messages there instead of failing the task");
            }
            log.warn("message on MQTT topic '{}' goes to {}: {}", message.topic(), config.errorsTopic(), rejected.getMessage());
            toErrorsTopic.incrementAndGet();
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
