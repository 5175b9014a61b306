package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.BundleVersion;
import io.fleetml.connect.common.metrics.PluginGauges;
import io.fleetml.connect.common.metrics.TaskPluginMetrics;
import io.fleetml.connect.common.source.SourceHandOff;
import io.fleetml.connect.common.payload.RecordRejected;

import com.google.cloud.pubsub.v1.AckReplyConsumerWithResponse;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannelBuilder;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Hands the messages the subscriber receives to Connect and acks each one from {@link #commitRecord}, that is after
 * Kafka has its record. The subscriber's flow control bounds how many messages wait here, and their leases are
 * extended by the client until Kafka has them. A message that cannot become a record goes to {@code errors.topic}
 * (acked once that topic has it) or fails the task unacked, so Pub/Sub delivers it again.
 */
public class PubSubSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(PubSubSourceTask.class);

    private final SourceHandOff<Received, PendingAcks.Reply> handOff = new SourceHandOff<>();
    private final ManagedChannelBuilder<?> channelOverride;
    private PubSubSourceConfig config;
    private MessageMapper mapper;
    private PendingAcks acks;
    private SubscriberConnection connection;
    private TaskPluginMetrics pluginMetrics;
    private long leaseMs;

    public PubSubSourceTask() {
        this(null);
    }

    /** For fault-injecting servers in the same JVM; Connect uses the public constructor. */
    PubSubSourceTask(ManagedChannelBuilder<?> channelOverride) {
        this.channelOverride = channelOverride;
    }

    @Override
    public String version() {
        return BundleVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PubSubSourceConfig(props);
        mapper = new MessageMapper(config);
        acks = new PendingAcks();
        leaseMs = config.maxAckExtensionSeconds() * 1000L;
        pluginMetrics = TaskPluginMetrics.of(context);
        registerMetrics(pluginMetrics.metrics());
        connection = new SubscriberConnection(config, this::receive, channelOverride);
        connection.start();
        log.info("Pub/Sub source task started for {} into {}", config.subscription(), config.kafkaTopic());
    }

    private void registerMetrics(PluginMetrics metrics) {
        new PluginGauges(metrics)
                .add("messages-acked", "Messages acked to Pub/Sub after Kafka had them.", acks::acked)
                .add("ack-failures", "Acks Pub/Sub did not confirm (exactly-once subscriptions); those messages come again.",
                        acks::ackFailures)
                .add("messages-nacked", "Messages handed back to Pub/Sub for redelivery because the task stopped.", acks::nacked)
                .add("messages-pending", "Messages received that Kafka does not have yet.", acks::pending)
                .add("messages-expired", "Messages whose lease ran out before Connect took them (paused connector or slow "
                        + "Kafka); Pub/Sub delivers them again.", acks::expired);
    }

    /** Runs on the client's threads; its flow control stops pulling while too many messages wait here. */
    private void receive(PubsubMessage message, AckReplyConsumerWithResponse reply) {
        long now = System.currentTimeMillis();
        dropExpired(now);
        PendingAcks.Reply held = acks.hold(message.getMessageId(), reply);
        if (held != null) {
            handOff.add(new Received(message, held, now));
        }
    }

    /**
     * While Connect does not poll (the connector is paused, or Kafka is slow) the client stops extending the leases of
     * waiting messages after {@code pubsub.max.ack.extension.seconds}, makes room in its flow control and Pub/Sub
     * delivers them again. The stale copies are dropped here unacked, so the queue holds at most one flow-control
     * window however long the pause lasts; the redelivered copies take their place.
     */
    private void dropExpired(long now) {
        Received oldest;
        while ((oldest = handOff.oldest()) != null && now - oldest.receivedAtMs > leaseMs) {
            if (handOff.remove(oldest)) {
                acks.expire(oldest.reply);
            }
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        connection.check(System.currentTimeMillis());
        return handOff.poll(config.pollWaitMs(), config.batchMaxRecords(), received -> toRecord(received.message), Received::reply);
    }

    private SourceRecord toRecord(PubsubMessage message) {
        try {
            return mapper.map(message);
        } catch (RecordRejected rejected) {
            if (config.errorsTopic() == null) {
                throw new ConnectException("Pub/Sub message " + message.getMessageId() + " from " + config.subscription()
                        + " cannot become a record: " + rejected.getMessage() + ". It stays unacked and will be redelivered; set "
                        + PubSubSourceConfig.ERRORS_TOPIC_CONFIG + " to route such messages there instead of failing the task");
            }
            log.warn("Pub/Sub message {} goes to {}: {}", message.getMessageId(), config.errorsTopic(), rejected.getMessage());
            return mapper.errorRecord(message, rejected);
        }
    }

    /**
     * Kafka has the record, or a transform dropped it: ack the message. With {@code errors.tolerance=all} Connect also
     * calls this for records the producer failed to write; that setting trades those messages away, which is why bad
     * messages are routed to {@code errors.topic} here instead.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        PendingAcks.Reply reply = handOff.committed(record);
        if (reply != null) {
            acks.ack(reply);
        }
    }

    @Override
    public void stop() {
        if (acks != null) {
            acks.nackAll();
        }
        if (connection != null) {
            connection.close();
        }
        handOff.clear();
        if (pluginMetrics != null) {
            pluginMetrics.close();
            pluginMetrics = null;
        }
        log.info("Pub/Sub source task for {} stopped: {} acked, {} nacked, {} ack failures",
                config == null ? "" : config.subscription(), acks == null ? 0 : acks.acked(),
                acks == null ? 0 : acks.nacked(), acks == null ? 0 : acks.ackFailures());
    }

    private record Received(PubsubMessage message, PendingAcks.Reply reply, long receivedAtMs) {
    }
}
