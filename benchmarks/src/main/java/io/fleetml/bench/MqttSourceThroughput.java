package io.fleetml.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.fleetml.testkit.mqtt.MqttBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT source's throughput harness: QoS 1 telemetry messages (about 300 bytes) published to a real HiveMQ broker
 * and carried into Kafka by one connector task on a real Connect worker, side by side with a baseline bridge built from
 * the same HiveMQ client (manual acknowledgement after the Kafka write, the same guarantee) and a plain KafkaProducer,
 * on the same broker and Kafka. Messages/s run from the first publish to the last record in Kafka; latency is Kafka's
 * log-append time minus the publish time carried in each payload.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.fleetml.bench.MqttSourceThroughput [messages]}.
 */
public final class MqttSourceThroughput {
    private static final int WINDOW = 1000;
    private static final long TIMEOUT_MS = 600_000;

    private MqttSourceThroughput() {
    }

    public static void main(String[] args) {
        try {
            measure(args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void measure(int messages) throws Exception {
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("mqtt-bench").numWorkers(1).numBrokers(1)
                .workerProps(Map.of("offset.flush.interval.ms", "1000")).build();
        connect.start();
        try (MqttBroker broker = MqttBroker.builder().build().start();
             Publisher publisher = new Publisher(broker.port())) {
            System.out.printf("%n%d QoS 1 messages of about 300 bytes per side%n%n", messages);
            System.out.printf("%-10s %12s %10s %10s %14s%n", "side", "messages/s", "p50 ms", "p99 ms", "ratio to base");
            double[] base = null;
            for (String side : List.of("baseline", "connector", "baseline", "connector")) {
                String topic = "bench-" + side + "-" + System.nanoTime();
                connect.kafka().createTopic(topic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
                String mqttTopic = "bench/" + topic + "/telemetry";
                AutoCloseable bridge = "baseline".equals(side)
                        ? new BaselineBridge(broker.port(), connect.kafka().bootstrapServers(), topic)
                        : startConnector(connect, broker, topic);
                double[] result;
                try (AutoCloseable running = bridge) {
                    awaitFlowing(publisher, mqttTopic, connect, topic);
                    result = run(publisher, mqttTopic, connect.kafka().bootstrapServers(), topic, messages);
                }
                if ("baseline".equals(side)) {
                    base = result;
                }
                System.out.printf(Locale.ROOT, "%-10s %12.0f %10.1f %10.1f %14.2f%n", side, result[0], result[1], result[2], result[0] / base[0]);
            }
        } finally {
            connect.stop();
        }
    }

    private static AutoCloseable startConnector(EmbeddedConnectCluster connect, MqttBroker broker, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.mqtt.MqttSourceConnector");
        config.put("tasks.max", "1");
        config.put("mqtt.server.uris", broker.tcpUri());
        config.put("mqtt.topics", "bench/" + topic + "/{signal}");
        config.put("kafka.topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        String name = "mqtt-" + topic;
        connect.configureConnector(name, config);
        return () -> connect.deleteConnector(name);
    }

    /** Publishes probes until one reaches Kafka: the subscription exists and records flow. */
    private static void awaitFlowing(Publisher publisher, String mqttTopic, EmbeddedConnectCluster connect, String topic) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            publisher.publish(mqttTopic, "probe".getBytes(StandardCharsets.UTF_8));
            try {
                connect.kafka().consume(1, 1_000, topic);
                return;
            } catch (RuntimeException notYet) {
                // no probe within the second: publish another
            }
        }
        throw new IllegalStateException("no record reached " + topic);
    }

    /** {messages/s, p50 ms, p99 ms}. */
    private static double[] run(Publisher publisher, String mqttTopic, String bootstrap, String topic, int messages) throws Exception {
        CompletableFuture<long[]> arrivals = CompletableFuture.supplyAsync(() -> consume(bootstrap, topic, messages));
        long started = System.currentTimeMillis();
        List<CompletableFuture<?>> window = new ArrayList<>(WINDOW);
        for (int i = 0; i < messages; i++) {
            window.add(publisher.publishAsync(mqttTopic, payload(i)));
            if (window.size() == WINDOW) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long[] latencies = arrivals.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long lastAppend = latencies[latencies.length - 1];
        long[] sorted = Arrays.copyOf(latencies, latencies.length - 1);
        Arrays.sort(sorted);
        double seconds = (lastAppend - started) / 1000.0;
        return new double[] {messages / seconds, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]};
    }

    /** Latency of each message in ms, then the last log-append time. */
    private static long[] consume(String bootstrap, String topic, int messages) {
        long[] result = new long[messages + 1];
        boolean[] seen = new boolean[messages];
        int distinct = 0;
        long lastAppend = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-" + topic, "auto.offset.reset", "earliest", "key.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer", "value.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (distinct < messages) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + distinct + " of " + messages + " messages reached " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.US_ASCII);
                    if (!value.startsWith("{\"seq\":")) {
                        continue;
                    }
                    int seq = Integer.parseInt(value.substring(7, value.indexOf(',')));
                    int at = value.indexOf("\"published\":") + 12;
                    long published = Long.parseLong(value.substring(at, value.indexOf(',', at)));
                    if (!seen[seq]) {
                        seen[seq] = true;
                        result[distinct++] = record.timestamp() - published;
                    }
                    lastAppend = Math.max(lastAppend, record.timestamp());
                }
            }
        }
        long[] latencies = Arrays.copyOf(result, messages + 1);
        latencies[messages] = lastAppend;
        return latencies;
    }

    private static byte[] payload(int seq) {
        String json = String.format(Locale.ROOT, "{\"seq\":%d,\"published\":%d,\"vin\":\"1FLEET%05dX%06d\",\"fleet_unit\":%d,"
                        + "\"location\":{\"lat\":48.137154,\"lon\":11.576124},\"speed\":87.4,\"coolant_temp\":91.2,\"intake_air_temp\":24.5,"
                        + "\"battery_voltage\":12.61,\"current_draw\":18.25,\"engine_vibration_amplitude\":0.412,\"throttle_pos\":31.07,"
                        + "\"fuel_level\":64.2,\"control_unit_firmware\":2031}",
                seq, System.currentTimeMillis(), seq % 100, seq % 1000, seq % 100);
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Publisher implements AutoCloseable {
        private final Mqtt5AsyncClient client;

        Publisher(int port) throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier("bench-publisher").serverHost("127.0.0.1").serverPort(port).buildAsync();
            client.connect().get(30, TimeUnit.SECONDS);
        }

        CompletableFuture<?> publishAsync(String topic, byte[] payload) {
            return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
        }

        void publish(String topic, byte[] payload) throws Exception {
            publishAsync(topic, payload).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The practical limit: the same client with the same guarantee (acknowledge after Kafka has the record, receive
     * maximum as the connector's default), producing with a plain KafkaProducer.
     */
    private static final class BaselineBridge implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final KafkaProducer<byte[], byte[]> producer;

        BaselineBridge(int port, String bootstrap, String topic) throws Exception {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                    new ByteArraySerializer());
            client = MqttClient.builder().useMqttVersion5().identifier("bench-baseline-" + topic).serverHost("127.0.0.1")
                    .serverPort(port).buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> producer.send(
                    new ProducerRecord<>(topic, publish.getTopic().toString().getBytes(StandardCharsets.UTF_8), publish.getPayloadAsBytes()),
                    (metadata, error) -> {
                        if (error == null) {
                            publish.acknowledge();
                        }
                    }), true);
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).restrictions().receiveMaximum(1000).applyRestrictions()
                    .send().get(30, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter("bench/" + topic + "/+").qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(30, TimeUnit.SECONDS);
            producer.close();
        }
    }
}
