package io.fleetml.bench;

import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Pub/Sub source's throughput harness: payment events (about 400 bytes) waiting in a subscription of the official
 * Pub/Sub emulator are carried into Kafka by one connector task on a real Connect worker, side by side with a baseline
 * bridge built from the same client library's {@link Subscriber} (same flow control) and a plain KafkaProducer that
 * acks each message in the producer's callback: the same guarantee.
 *
 * <p>Each side drains a backlog of N messages published before it starts, so the publisher's speed does not cap it.
 * Messages/s is N over the span between the first and last log-append time in Kafka. The emulator, not the client, is
 * the bottleneck (about 2k msg/s on this class of machine), which is why the ratio to the baseline in the same run is
 * what counts.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.fleetml.bench.PubSubSourceThroughput [messages]}.
 */
public final class PubSubSourceThroughput {
    private static final long TIMEOUT_MS = 900_000;
    private static final long FLOW_CONTROL_MESSAGES = 1000;

    private PubSubSourceThroughput() {
    }

    public static void main(String[] args) {
        try {
            measure(args.length > 0 ? Integer.parseInt(args[0]) : 50_000);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void measure(int messages) throws Exception {
        if (!PubSubEmulator.available()) {
            throw new IllegalStateException(PubSubEmulator.unavailableReason());
        }
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("pubsub-bench").numWorkers(1).numBrokers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).build();
        connect.start();
        try (PubSubEmulator pubsub = PubSubEmulator.start()) {
            System.out.printf("%n%d payment events of about 400 bytes drained from a Pub/Sub emulator backlog per side%n%n", messages);
            System.out.printf("%-10s %12s %14s%n", "side", "messages/s", "ratio to base");
            double base = 0;
            int run = 0;
            for (String side : List.of("baseline", "connector", "baseline", "connector")) {
                String name = side + "-" + run++;
                String kafkaTopic = "bench-" + name;
                connect.kafka().createTopic(kafkaTopic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
                pubsub.createTopic("bench-" + name);
                pubsub.createSubscription("sub-" + name, "bench-" + name);
                publish(pubsub, "bench-" + name, messages);
                long[] appendTimes;
                if ("baseline".equals(side)) {
                    try (BaselineBridge bridge = new BaselineBridge(pubsub, "sub-" + name, connect.kafka().bootstrapServers(), kafkaTopic)) {
                        appendTimes = appendTimes(connect.kafka().bootstrapServers(), kafkaTopic, messages);
                    }
                } else {
                    String connector = "pubsub-" + name;
                    connect.configureConnector(connector, connectorConfig(pubsub, "sub-" + name, kafkaTopic));
                    try {
                        appendTimes = appendTimes(connect.kafka().bootstrapServers(), kafkaTopic, messages);
                    } finally {
                        connect.deleteConnector(connector);
                    }
                }
                double throughput = (messages - 1) * 1000.0 / Math.max(1, appendTimes[1] - appendTimes[0]);
                if ("baseline".equals(side)) {
                    base = throughput;
                }
                System.out.printf(Locale.ROOT, "%-10s %12.0f %14.2f%n", side, throughput, throughput / base);
            }
        } finally {
            connect.stop();
        }
    }

    private static Map<String, String> connectorConfig(PubSubEmulator pubsub, String subscription, String kafkaTopic) {
        Map<String, String> config = pubsub.sourceConnectorConfig(subscription, kafkaTopic);
        config.put("pubsub.flow.control.messages", Long.toString(FLOW_CONTROL_MESSAGES));
        return config;
    }

    private static void publish(PubSubEmulator pubsub, String topic, int messages) {
        final int chunk = 10_000;
        for (int from = 0; from < messages; from += chunk) {
            List<PubsubMessage> batch = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(messages, from + chunk); i++) {
                batch.add(PubsubMessage.newBuilder().setData(ByteString.copyFrom(payment(i), StandardCharsets.US_ASCII))
                        .putAttributes("vin", "1FLEET" + (i % 1000)).putAttributes("event_type", "payment").build());
            }
            pubsub.publishAll(topic, batch);
        }
    }

    private static String payment(int seq) {
        return String.format(Locale.ROOT, "{\"seq\":%d,\"payment_id\":\"pay-%08d\",\"vin\":\"1FLEET%05dX%06d\",\"driver_id\":\"drv-%05d\","
                        + "\"card\":{\"number\":\"4111111111111111\"},\"merchant\":{\"id\":\"m-%04d\",\"category\":\"fuel\","
                        + "\"location\":{\"lat\":48.137154,\"lon\":11.576124}},\"amount\":61.37,\"currency\":\"EUR\",\"ts\":%d,"
                        + "\"vehicle\":{\"location\":{\"lat\":48.1372,\"lon\":11.5761},\"speed\":0.0,\"fuel_level\":12.5,\"odometer_km\":48211.4}}",
                seq, seq, seq % 100, seq % 1000, seq % 5000, seq % 700, 1_796_026_530_000L + seq);
    }

    /** {first, last} log-append time once every numbered message is in Kafka at least once. */
    private static long[] appendTimes(String bootstrap, String topic, int count) {
        long[] span = {Long.MAX_VALUE, 0};
        SequencedArrivals.await(bootstrap, topic, 0, count, TIMEOUT_MS, (record, value) -> {
            span[0] = Math.min(span[0], record.timestamp());
            span[1] = Math.max(span[1], record.timestamp());
        });
        return span;
    }

    /** The practical limit: the same Subscriber and flow control, a plain KafkaProducer, ack in the producer's callback. */
    private static final class BaselineBridge implements AutoCloseable {
        private final ManagedChannel channel;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Subscriber subscriber;

        BaselineBridge(PubSubEmulator pubsub, String subscription, String bootstrap, String topic) {
            channel = ManagedChannelBuilder.forTarget(pubsub.hostPort()).usePlaintext().build();
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                    new ByteArraySerializer());
            subscriber = Subscriber.newBuilder(ProjectSubscriptionName.of(pubsub.projectId(), subscription),
                            (PubsubMessage message, com.google.cloud.pubsub.v1.AckReplyConsumer reply) -> producer.send(
                                    new ProducerRecord<>(topic, null, message.getData().toByteArray()), (metadata, error) -> {
                                        if (error == null) {
                                            reply.ack();
                                        } else {
                                            reply.nack();
                                        }
                                    }))
                    .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setFlowControlSettings(FlowControlSettings.newBuilder().setMaxOutstandingElementCount(FLOW_CONTROL_MESSAGES)
                            .setLimitExceededBehavior(LimitExceededBehavior.Block).build())
                    .build();
            subscriber.startAsync().awaitRunning();
        }

        @Override
        public void close() throws Exception {
            subscriber.stopAsync().awaitTerminated(60, TimeUnit.SECONDS);
            producer.close();
            channel.shutdownNow();
        }
    }
}
