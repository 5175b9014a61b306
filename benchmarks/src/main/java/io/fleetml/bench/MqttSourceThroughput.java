package io.fleetml.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fleetml.testkit.mqtt.MosquittoBroker;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.RunningBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT source's throughput harness: QoS 1 telemetry messages (about 300 bytes) on a real broker carried into
 * Kafka by one connector task on a real Connect worker, side by side with a baseline bridge built from the same HiveMQ
 * client (manual acknowledgement after the Kafka write, the same guarantee) and a plain KafkaProducer, on the same broker
 * and Kafka. The broker is HiveMQ CE in this JVM or Mosquitto (Debian's {@code /usr/sbin/mosquitto}) as a process of
 * its own.
 *
 * <p>Throughput is measured on a backlog, so the publisher's own speed does not cap it: the bridge is stopped (its
 * persistent session stays in the broker), N messages are published, the bridge starts again and drains them. Messages/s
 * is N over the span between the first and last log-append time in Kafka. Latency is measured separately at a steady
 * publish rate below both bridges' limits: Kafka's log-append time minus the publish time carried in each payload.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.fleetml.bench.MqttSourceThroughput [messages] [rate/s]
 * [hivemq|mosquitto] [setting=value ...]}: a setting goes to the connector, e.g. {@code producer.override.linger.ms=5},
 * or with the prefix {@code baseline.} to the baseline's producer, e.g. {@code baseline.max.in.flight.requests.per.connection=1}
 * to give it the producer settings a Connect worker gives every source task.
 */
public final class MqttSourceThroughput {
    private static final int WINDOW = 1000;
    /** The warm-up drain is this fraction of the measured one. */
    private static final int WARM_UP_SHARE = 4;
    /** What the connector announces; the baseline announces the same so that both meet the broker alike. */
    private static final int RECEIVE_MAXIMUM = 65534;
    static final long TIMEOUT_MS = 600_000;
    static final int LATENCY_SECONDS = 10;
    /** JSON, so a bridge that parses payloads takes it too; it has no seq, so no measurement counts it. */
    private static final byte[] PROBE = "{\"probe\":true}".getBytes(StandardCharsets.UTF_8);

    private static final String BASELINE_PREFIX = "baseline.";

    private MqttSourceThroughput() {
    }

    /** What each side is given beyond its defaults. */
    record Settings(Map<String, String> connector, Map<String, Object> baselineProducer) {
    }

    public static void main(String[] args) {
        try {
            Map<String, String> connectorSettings = new HashMap<>();
            Map<String, Object> baselineProducer = new HashMap<>();
            for (int i = 3; i < args.length; i++) {
                String[] setting = args[i].split("=", 2);
                if (setting[0].startsWith(BASELINE_PREFIX)) {
                    baselineProducer.put(setting[0].substring(BASELINE_PREFIX.length()), setting[1]);
                } else {
                    connectorSettings.put(setting[0], setting[1]);
                }
            }
            measure(args.length > 0 ? Integer.parseInt(args[0]) : 200_000, args.length > 1 ? Integer.parseInt(args[1]) : 2_000,
                    args.length > 2 ? Broker.valueOf(args[2].toUpperCase(Locale.ROOT)) : Broker.HIVEMQ,
                    new Settings(connectorSettings, baselineProducer));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** The broker both bridges read from. */
    enum Broker {
        HIVEMQ, MOSQUITTO;

        /** A broker that keeps a backlog of {@code messages} for a bridge that is away. */
        RunningBroker start(int messages) throws Exception {
            if (this == HIVEMQ) {
                return MqttBroker.builder().build().start();
            }
            if (!MosquittoBroker.installed()) {
                throw new IllegalStateException(MosquittoBroker.MISSING);
            }
            return MosquittoBroker.builder().maxQueuedMessages(2L * messages).build().start();
        }
    }

    private static void measure(int messages, int rate, Broker kind, Settings settings) throws Exception {
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("mqtt-bench").numWorkers(1).numBrokers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).build();
        connect.start();
        try (RunningBroker broker = kind.start(messages);
             Publisher publisher = new Publisher(broker.port())) {
            System.out.printf("%n%s: %d QoS 1 messages of about 300 bytes drained from a broker backlog per side; latency at %d msg/s;"
                    + " connector settings beyond the defaults: %s; baseline producer settings beyond the client's defaults: %s%n%n",
                    kind, messages, rate, settings.connector(), settings.baselineProducer());
            // Each side drains a smaller backlog first, unreported, so neither meets the measured drain with a cold JVM;
            // the measured sides then run baseline, connector, connector, baseline, so whatever the JVM still gains
            // over a run favours neither side.
            run(connect, broker, publisher, "baseline", messages / WARM_UP_SHARE, rate, settings);
            run(connect, broker, publisher, "connector", messages / WARM_UP_SHARE, rate, settings);
            System.out.printf("%-10s %12s %10s %10s%n", "side", "messages/s", "p50 ms", "p99 ms");
            double[] baseline1 = report("baseline", run(connect, broker, publisher, "baseline", messages, rate, settings));
            double[] connector1 = report("connector", run(connect, broker, publisher, "connector", messages, rate, settings));
            double[] connector2 = report("connector", run(connect, broker, publisher, "connector", messages, rate, settings));
            double[] baseline2 = report("baseline", run(connect, broker, publisher, "baseline", messages, rate, settings));
            System.out.printf(Locale.ROOT, "%nratio to baseline: first pair %.2f, second pair %.2f, both %.2f%n",
                    connector1[0] / baseline1[0], connector2[0] / baseline2[0],
                    (connector1[0] + connector2[0]) / (baseline1[0] + baseline2[0]));
        } finally {
            connect.stop();
        }
    }

    private static double[] report(String side, double[] measured) {
        System.out.printf(Locale.ROOT, "%-10s %12.0f %10.1f %10.1f%n", side, measured[0], measured[1], measured[2]);
        return measured;
    }

    /** One side's latency at a steady rate, then its drain of a backlog of {@code messages}: {msg/s, p50 ms, p99 ms}. */
    private static double[] run(EmbeddedConnectCluster connect, RunningBroker broker, Publisher publisher, String side, int messages,
                                int rate, Settings settings) throws Exception {
        String topic = "bench-" + side + "-" + System.nanoTime();
        connect.kafka().createTopic(topic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        String mqttTopic = "bench/" + topic + "/telemetry";
        Bridge bridge = "baseline".equals(side)
                ? new BaselineBridge(broker.port(), connect.kafka().bootstrapServers(), topic, settings.baselineProducer())
                : new ConnectorBridge(connect, broker, topic, settings.connector());
        try {
            bridge.start();
            awaitFlowing(publisher, mqttTopic, connect, topic);
            double[] latency = latency(publisher, mqttTopic, connect.kafka().bootstrapServers(), topic, rate);
            bridge.stop();
            publisher.publishAll(mqttTopic, LATENCY_SECONDS * rate, messages);
            CompletableFuture<long[]> arrivals = arrivals(connect.kafka().bootstrapServers(), topic, LATENCY_SECONDS * rate, messages);
            bridge.start();
            long[] appendTimes = arrivals.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            double throughput = (messages - 1) * 1000.0 / Math.max(1, appendTimes[1] - appendTimes[0]);
            return new double[] {throughput, latency[0], latency[1]};
        } finally {
            bridge.close();
        }
    }

    /** Publishes probes until one reaches Kafka: the subscription exists and records flow. */
    static void awaitFlowing(Publisher publisher, String mqttTopic, EmbeddedConnectCluster connect, String topic) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            publisher.publish(mqttTopic, PROBE);
            try {
                connect.kafka().consume(1, 1_000, topic);
                return;
            } catch (RuntimeException notYet) {
                // no probe within the second: publish another
            }
        }
        throw new IllegalStateException("no record reached " + topic);
    }

    /** {p50 ms, p99 ms} of messages published at a steady rate for a few seconds. */
    static double[] latency(Publisher publisher, String mqttTopic, String bootstrap, String topic, int rate) throws Exception {
        int count = LATENCY_SECONDS * rate;
        CompletableFuture<long[]> latencies = CompletableFuture.supplyAsync(() -> consume(bootstrap, topic, 0, count, true));
        long startNanos = System.nanoTime();
        List<CompletableFuture<?>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = startNanos + i * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sent.add(publisher.publishAsync(mqttTopic, payload(i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long[] sorted = latencies.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]};
    }

    /** {first, last} log-append time of messages from..from+count-1. */
    static CompletableFuture<long[]> arrivals(String bootstrap, String topic, int from, int count) {
        return CompletableFuture.supplyAsync(() -> consume(bootstrap, topic, from, count, false));
    }

    /**
     * Reads until every message numbered from..from+count-1 is in Kafka. Returns each one's latency in ms, or with
     * {@code latencies} false the first and last log-append time among them.
     */
    private static long[] consume(String bootstrap, String topic, int from, int count, boolean latencies) {
        long[] result = new long[count];
        int[] distinct = new int[1];
        long[] span = {Long.MAX_VALUE, 0};
        SequencedArrivals.await(bootstrap, topic, from, count, TIMEOUT_MS, (record, value) -> {
            result[distinct[0]++] = record.timestamp() - value.get("published").asLong();
            span[0] = Math.min(span[0], record.timestamp());
            span[1] = Math.max(span[1], record.timestamp());
        });
        return latencies ? result : span;
    }

    static byte[] payload(int seq) {
        String json = String.format(Locale.ROOT, "{\"seq\":%d,\"published\":%d,\"vin\":\"1FLEET%05dX%06d\",\"fleet_unit\":%d,"
                        + "\"location\":{\"lat\":48.137154,\"lon\":11.576124},\"speed\":87.4,\"coolant_temp\":91.2,\"intake_air_temp\":24.5,"
                        + "\"battery_voltage\":12.61,\"current_draw\":18.25,\"engine_vibration_amplitude\":0.412,\"throttle_pos\":31.07,"
                        + "\"fuel_level\":64.2,\"control_unit_firmware\":2031}",
                seq, System.currentTimeMillis(), seq % 100, seq % 1000, seq % 100);
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    static final class Publisher implements AutoCloseable {
        private final Mqtt5AsyncClient client;

        Publisher(int port) throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier("bench-publisher").serverHost("127.0.0.1").serverPort(port).buildAsync();
            client.connect().get(30, TimeUnit.SECONDS);
        }

        CompletableFuture<?> publishAsync(String topic, byte[] payload) {
            return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
        }

        void publishAll(String topic, int from, int count) throws Exception {
            List<CompletableFuture<?>> window = new ArrayList<>(WINDOW);
            for (int i = from; i < from + count; i++) {
                window.add(publishAsync(topic, payload(i)));
                if (window.size() == WINDOW) {
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        void publish(String topic, byte[] payload) throws Exception {
            publishAsync(topic, payload).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(30, TimeUnit.SECONDS);
        }
    }

    /** A bridge that can go away and come back to the same persistent session. */
    interface Bridge extends AutoCloseable {
        void start() throws Exception;

        void stop() throws Exception;

        @Override
        void close() throws Exception;
    }

    /** The connector, stopped and resumed through the REST API; its task reconnects as the same client. */
    static final class ConnectorBridge implements Bridge {
        private final EmbeddedConnectCluster connect;
        private final String name;
        private final Map<String, String> config = new HashMap<>();
        private boolean created;

        /** With {@code more} settings on top of the plain bridge's: converters, transforms. */
        ConnectorBridge(EmbeddedConnectCluster connect, RunningBroker broker, String topic, Map<String, String> more) {
            this.connect = connect;
            this.name = "mqtt-" + topic;
            config.put("connector.class", "io.fleetml.connect.mqtt.MqttSourceConnector");
            config.put("tasks.max", "1");
            config.put("mqtt.server.uris", broker.tcpUri());
            config.put("mqtt.topics", "bench/" + topic + "/{signal}");
            config.put("kafka.topic", topic);
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.putAll(more);
        }

        @Override
        public void start() throws InterruptedException {
            if (created) {
                connect.resumeConnector(name);
            } else {
                connect.configureConnector(name, config);
                created = true;
            }
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "the connector's task did not start");
        }

        @Override
        public void stop() throws InterruptedException {
            connect.stopConnector(name);
            connect.assertions().assertConnectorIsStopped(name, "the connector did not stop");
        }

        @Override
        public void close() {
            connect.deleteConnector(name);
        }
    }

    /**
     * The practical limit: the same client with the same guarantee (acknowledge after Kafka has the record, the same
     * receive maximum announced), writing the same records with a plain KafkaProducer.
     */
    static final class BaselineBridge implements Bridge {
        private final int port;
        private final String topic;
        private final KafkaProducer<byte[], byte[]> producer;
        private Mqtt5AsyncClient client;

        BaselineBridge(int port, String bootstrap, String topic, Map<String, Object> producerSettings) {
            this.port = port;
            this.topic = topic;
            Map<String, Object> producerConfig = new HashMap<>(producerSettings);
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void start() throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier("bench-baseline-" + topic).serverHost("127.0.0.1")
                    .serverPort(port).buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> producer.send(sameRecordAsTheConnector(publish),
                    (metadata, error) -> {
                        if (error == null) {
                            publish.acknowledge();
                        }
                    }), true);
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).restrictions().receiveMaximum(RECEIVE_MAXIMUM).applyRestrictions()
                    .send().get(30, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter("bench/" + topic + "/+").qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        }

        /**
         * The record the connector writes for the same message with the bench's converters: the MQTT topic as key, the
         * payload as value, and its three headers as Connect's default header converter serializes them.
         */
        private ProducerRecord<byte[], byte[]> sameRecordAsTheConnector(Mqtt5Publish publish) {
            byte[] mqttTopic = publish.getTopic().toString().getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            headers.add("mqtt.topic", mqttTopic);
            headers.add("mqtt.qos", String.valueOf(publish.getQos().getCode()).getBytes(StandardCharsets.UTF_8));
            headers.add("mqtt.retain", String.valueOf(publish.isRetain()).getBytes(StandardCharsets.UTF_8));
            return new ProducerRecord<>(topic, null, mqttTopic, publish.getPayloadAsBytes(), headers);
        }

        @Override
        public void stop() throws Exception {
            producer.flush();
            client.disconnect().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (client != null && client.getState().isConnected()) {
                stop();
            }
            producer.close();
        }
    }
}
