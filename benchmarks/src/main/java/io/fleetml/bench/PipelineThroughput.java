package io.fleetml.bench;

import io.fleetml.testkit.formats.ParquetBytes;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline's throughput harness: QoS 1 telemetry on a real HiveMQ broker, through the MQTT source with
 * PiiMask (pseudonymized VIN, generalized position) and FraudScore (a 10-feature dense autoencoder, Java engine) in the
 * chain, into Kafka, and out through the GCS sink as time-partitioned Parquet into the GCS emulator, one task per
 * connector; side by side, in the same run, with the MQTT source issue's baseline bridge (the same HiveMQ client, ack
 * after the Kafka write, a plain KafkaProducer, no transforms and no sink).
 *
 * <p>A first pair of shorter runs (a fifth of the messages) warms the JIT for both sides and is not reported.
 * Throughput is measured on a backlog, as in {@link MqttSourceThroughput}: the bridge stops, N messages are
 * published, the bridge starts again. The baseline's rate is N over the span of Kafka log-append times; the pipeline's
 * is N over the time from the bridge's restart until the last of the N is in a Parquet object in GCS, so it includes
 * the sink's last rotation (1 s of record time, committed when the wall clock passes it). Latency (p50/p99) is measured
 * at a steady publish rate below both sides' limits: Kafka's log-append time of the scored record minus the publish time
 * in the payload.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.fleetml.bench.PipelineThroughput [messages] [rate/s]}.
 */
public final class PipelineThroughput {
    private static final long TIMEOUT_MS = MqttSourceThroughput.TIMEOUT_MS;
    private static final int LATENCY_SECONDS = MqttSourceThroughput.LATENCY_SECONDS;
    private static final double TARGET_RATIO = 0.6;
    private static final String BUCKET = "bench-training-data";
    /** Ten numbers of every benchmark payload, in the model's input order. */
    private static final String FEATURES = "speed, coolant_temp, intake_air_temp, battery_voltage, current_draw, "
            + "engine_vibration_amplitude, throttle_pos, fuel_level, location.lat, location.lon";
    private static final int FEATURE_COUNT = 10;

    private PipelineThroughput() {
    }

    public static void main(String[] args) {
        try {
            measure(args.length > 0 ? Integer.parseInt(args[0]) : 50_000, args.length > 1 ? Integer.parseInt(args[1]) : 1_000);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void measure(int messages, int rate) throws Exception {
        Path model = AutoencoderSavedModel.export(Files.createTempDirectory("pipeline-bench-model"), FEATURE_COUNT, 7);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("pipeline-bench").numWorkers(1)
                .numBrokers(1).workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000"))).build();
        connect.start();
        try (GcsEmulator gcs = new GcsEmulator().start();
             MqttBroker broker = MqttBroker.builder().build().start();
             MqttSourceThroughput.Publisher publisher = new MqttSourceThroughput.Publisher(broker.port())) {
            gcs.createBucket(BUCKET);
            System.out.printf("%n%d QoS 1 telemetry messages drained from a broker backlog per side; latency at %d msg/s%n"
                    + "pipeline: MQTT source → PiiMask → FraudScore (java engine) → Kafka → GCS sink (Parquet, dt=/hour=)%n%n",
                    messages, rate);
            System.out.printf("%-10s %12s %14s %10s %10s%n", "side", "messages/s", "ratio to base", "p50 ms", "p99 ms");
            double base = 0;
            List<Double> ratios = new ArrayList<>();
            // A first, shorter pair warms the JIT for both sides and is not reported: the pipeline runs far more code.
            List<String> sides = List.of("warm-up baseline", "warm-up pipeline", "baseline", "pipeline", "baseline", "pipeline");
            for (String run : sides) {
                boolean warmUp = run.startsWith("warm-up");
                String side = warmUp ? run.substring("warm-up ".length()) : run;
                int count = warmUp ? Math.max(1, messages / 5) : messages;
                String topic = "bench-" + side + "-" + System.nanoTime();
                connect.kafka().createTopic(topic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
                String mqttTopic = "bench/" + topic + "/telemetry";
                boolean pipeline = "pipeline".equals(side);
                MqttSourceThroughput.Bridge bridge = pipeline
                        ? new MqttSourceThroughput.ConnectorBridge(connect, broker, topic, chain(model))
                        : new MqttSourceThroughput.BaselineBridge(broker.port(), connect.kafka().bootstrapServers(), topic, Map.of());
                String sink = "gcs-" + topic;
                double throughput;
                double[] latency;
                try {
                    bridge.start();
                    if (pipeline) {
                        connect.configureConnector(sink, sink(topic, gcs.endpoint()));
                        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(sink, 1, "the sink did not start");
                    }
                    MqttSourceThroughput.awaitFlowing(publisher, mqttTopic, connect, topic);
                    latency = MqttSourceThroughput.latency(publisher, mqttTopic, connect.kafka().bootstrapServers(), topic, rate);
                    bridge.stop();
                    publisher.publishAll(mqttTopic, LATENCY_SECONDS * rate, count);
                    if (pipeline) {
                        long start = System.nanoTime();
                        bridge.start();
                        awaitInGcs(gcs, topic, LATENCY_SECONDS * rate, count);
                        throughput = count * 1e9 / (System.nanoTime() - start);
                    } else {
                        CompletableFuture<long[]> span = MqttSourceThroughput.arrivals(
                                connect.kafka().bootstrapServers(), topic, LATENCY_SECONDS * rate, count);
                        bridge.start();
                        long[] times = span.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        throughput = (count - 1) * 1000.0 / Math.max(1, times[1] - times[0]);
                    }
                } finally {
                    bridge.close();
                    if (pipeline) {
                        connect.deleteConnector(sink);
                    }
                }
                if (pipeline) {
                    if (!warmUp) {
                        ratios.add(throughput / base);
                    }
                } else {
                    base = throughput;
                }
                if (warmUp) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-10s %12.0f %14.2f %10.1f %10.1f%n", side, throughput, throughput / base,
                        latency[0], latency[1]);
            }
            double worst = ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            System.out.printf(Locale.ROOT, "pipeline / baseline = %.2f at worst (target >= %.1f): %s%n", worst,
                    TARGET_RATIO, worst >= TARGET_RATIO ? "met" : "NOT met");
        } finally {
            connect.stop();
        }
    }

    /** The MQTT source's settings on top of the plain bridge's: JSON values and both SMTs. */
    private static Map<String, String> chain(Path model) {
        Map<String, String> config = new HashMap<>();
        config.put("payload.format", "json");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "pii,fraud");
        config.put("transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value");
        config.put("transforms.pii.hash.fields", "vin");
        config.put("transforms.pii.hash.key", "pipeline-benchmark-key-0123456789");
        config.put("transforms.pii.geo.fields", "location");
        config.put("transforms.fraud.type", "io.fleetml.connect.fraud.FraudScore$Value");
        config.put("transforms.fraud.model.path", model.toString());
        config.put("transforms.fraud.engine", "java");
        // The probes that show the bridge is flowing carry no features.
        config.put("transforms.fraud.on.missing.feature", "skip");
        config.put("transforms.fraud.features", FEATURES);
        config.put("transforms.fraud.score.field", "anomaly_score");
        config.put("transforms.fraud.flag.field", "anomaly_flag");
        config.put("transforms.fraud.model.version.field", "anomaly_model_version");
        return config;
    }

    /**
     * One sink task writing Parquet by the payload's publish time, as the training data is written; the probes that
     * show the bridge is flowing do not fit the schema and go to the dead-letter queue.
     */
    private static Map<String, String> sink(String topic, String endpoint) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.gcs.GcsSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("gcs.bucket.name", BUCKET);
        config.put("gcs.endpoint", endpoint);
        config.put("format", "parquet");
        config.put("format.compression", "snappy");
        config.put("format.avro.schema", AVRO_SCHEMA);
        config.put("partitioner", "time");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "published");
        config.put("path.format", "'dt'=yyyy-MM-dd/'hour'=HH");
        config.put("partition.duration.ms", "3600000");
        config.put("flush.size", "10000");
        config.put("rotate.interval.ms", "1000");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    private static final String AVRO_SCHEMA = "{\"type\":\"record\",\"name\":\"BenchTelemetry\",\"fields\":["
            + "{\"name\":\"seq\",\"type\":\"long\"},{\"name\":\"published\",\"type\":\"long\"},"
            + "{\"name\":\"vin\",\"type\":\"string\"},{\"name\":\"fleet_unit\",\"type\":\"long\"},"
            + "{\"name\":\"location\",\"type\":{\"type\":\"record\",\"name\":\"Location\",\"fields\":["
            + "{\"name\":\"lat\",\"type\":\"double\"},{\"name\":\"lon\",\"type\":\"double\"}]}},"
            + "{\"name\":\"speed\",\"type\":\"double\"},{\"name\":\"coolant_temp\",\"type\":\"double\"},"
            + "{\"name\":\"intake_air_temp\",\"type\":\"double\"},{\"name\":\"battery_voltage\",\"type\":\"double\"},"
            + "{\"name\":\"current_draw\",\"type\":\"double\"},{\"name\":\"engine_vibration_amplitude\",\"type\":\"double\"},"
            + "{\"name\":\"throttle_pos\",\"type\":\"double\"},{\"name\":\"fuel_level\",\"type\":\"double\"},"
            + "{\"name\":\"control_unit_firmware\",\"type\":\"long\"},"
            + "{\"name\":\"anomaly_score\",\"type\":[\"null\",\"double\"]},"
            + "{\"name\":\"anomaly_flag\",\"type\":[\"null\",\"boolean\"]},"
            + "{\"name\":\"anomaly_model_version\",\"type\":[\"null\",\"string\"]}]}";

    /** Waits until every message numbered from..from+count-1 is in a Parquet object of the topic in GCS. */
    private static void awaitInGcs(GcsEmulator gcs, String topic, int from, int count) throws Exception {
        BitSet seen = new BitSet(count);
        Set<String> read = new HashSet<>();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (seen.cardinality() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("only " + seen.cardinality() + " of " + count + " messages reached GCS");
            }
            for (Map.Entry<String, byte[]> object : gcs.objects(BUCKET).entrySet()) {
                if (object.getKey().contains("/" + topic + "/") && read.add(object.getKey())) {
                    for (GenericRecord record : ParquetBytes.read(object.getValue())) {
                        long seq = (Long) record.get("seq") - from;
                        if (seq >= 0 && seq < count) {
                            seen.set((int) seq);
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
    }
}
