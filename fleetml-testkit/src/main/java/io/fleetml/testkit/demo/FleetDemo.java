package io.fleetml.testkit.demo;

import io.fleetml.connect.common.Directories;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole pipeline as nothing but Connect configuration, on loopback: a simulated fleet sends telemetry over MQTT and
 * payments over Pub/Sub; the connector files of {@code config-examples/local} are POSTed to a 2-worker Connect cluster
 * running the built bundle; PiiMask then FraudScore work in flight and the GCS sinks write Parquet training data. Phase
 * 1 collects normal traffic, phase 2 trains model version 1 from it with the trainer and publishes it to {@code gs://},
 * phase 3 injects fraud while the running FraudScore scores with the model it picked up. The summary checks the run
 * against the simulator's ground truth.
 */
public final class FleetDemo {
    static final String TELEMETRY_TOPIC = "vehicles.telemetry";
    static final String PAYMENTS_TOPIC = "payments.scored";
    static final String TELEMETRY_SOURCE = "mqtt-source-telemetry";
    static final String TELEMETRY_SINK = "gcs-sink-telemetry";
    static final String PAYMENTS_SINK = "gcs-sink-payments";
    static final String MODEL_ROOT = "gs://" + LocalStack.MODEL_BUCKET + "/models/payments/";
    static final String TRAINING_INPUT = "gs://" + LocalStack.TRAINING_BUCKET + "/topics/" + PAYMENTS_TOPIC;
    private static final double PHASE_1_SHARE = 0.35;
    private static final double MIN_PHASE_3_SHARE = 0.25;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MODEL_PICKUP_TIMEOUT = Duration.ofSeconds(90);
    private static final int HASH_KEY_BYTES = 32;

    private FleetDemo() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(options, System.out).ok() ? 0 : 1);
        } catch (Exception e) {
            // Exit rather than end main: threads of the servers that failed to stop must not keep the JVM alive.
            System.err.println("The demo failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    public static DemoSummary run(DemoOptions options, PrintStream out) throws Exception {
        long start = System.nanoTime();
        Path workDir = options.workDir().toAbsolutePath();
        Directories.deleteTree(workDir);
        Files.createDirectories(workDir);
        writeHashKey(workDir);
        Resources resources = new Resources();
        Thread onCtrlC = new Thread(resources::close, "fleet-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            out.println("== Starting the local stack (loopback only, no cloud account)");
            LocalStack stack = LocalStack.start(options, resources, out);
            EmbeddedConnectCluster connect = stack.connect();
            connect.kafka().createTopic(TELEMETRY_TOPIC, 2);
            connect.kafka().createTopic(PAYMENTS_TOPIC, 1);
            for (String deadLetters : List.of(TELEMETRY_TOPIC + ".dlq", PAYMENTS_TOPIC + ".dlq")) {
                connect.kafka().createTopic(deadLetters, 1);
            }

            MqttPublisher mqtt = resources.add(new MqttPublisher("127.0.0.1", stack.mqtt().port()));
            PaymentChannel payments = resources.add(stack.pubsub().map(PaymentChannel::pubsub)
                    .orElseGet(() -> PaymentChannel.mqtt(mqtt)));
            String paymentsFile = stack.pubsub().isPresent() ? "pubsub-source-payments.json" : "mqtt-source-payments.json";

            out.println();
            out.println("== Creating the connectors from " + options.configDir() + " through the REST API");
            Map<String, String> endpoints = new HashMap<>();
            endpoints.put("mqtt.server.uris", stack.mqtt().tcpUri());
            endpoints.put("gcs.endpoint", stack.gcs().endpoint());
            stack.pubsub().ifPresent(pubsub -> endpoints.put("pubsub.endpoint", pubsub.hostPort()));
            ConnectorFiles files = new ConnectorFiles(options.configDir(), endpoints, out);
            List<String> connectors = List.of(files.post("mqtt-source-telemetry.json", stack.restUrl()),
                    files.post(paymentsFile, stack.restUrl()),
                    files.post("gcs-sink-telemetry.json", stack.restUrl()),
                    files.post("gcs-sink-payments.json", stack.restUrl()));
            for (String connector : connectors) {
                connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(connector, 1,
                        "connector " + connector + " and its task did not start");
            }
            stack.mqtt().awaitSubscription("fleetml-" + TELEMETRY_SOURCE + "-0", STARTUP_TIMEOUT);
            if (stack.pubsub().isEmpty()) {
                stack.mqtt().awaitSubscription("fleetml-mqtt-source-payments-0", STARTUP_TIMEOUT);
            }

            FleetTraffic traffic = resources.add(new FleetTraffic(options.vehicles(), options.fraudRate(), mqtt, payments,
                    workDir.resolve("simulator-ground-truth.jsonl")));
            ConnectorOffsets offsets = resources.add(new ConnectorOffsets(connect.kafka().createAdminClient()));
            ScoredPayments scored = resources.add(new ScoredPayments(connect.kafka().createConsumer(Map.of()), PAYMENTS_TOPIC));
            GcsInventory gcs = new GcsInventory(stack.gcs(), List.of(LocalStack.TRAINING_BUCKET, LocalStack.MODEL_BUCKET));
            String paymentsSource = connectors.get(1);

            out.println();
            out.printf("== Phase 1 (at %d s): %d vehicles drive; normal payments only, collected into GCS as training data%n",
                    secondsSince(start), options.vehicles());
            long trafficStart = System.nanoTime();
            traffic.start();
            resources.add(new ProgressReporter(out, trafficStart, () -> "phase " + traffic.phase(), gcs::objectCount,
                    () -> modelStatus(scored))
                    .count(TELEMETRY_SOURCE, () -> offsets.produced(TELEMETRY_TOPIC))
                    .count(paymentsSource, () -> offsets.produced(PAYMENTS_TOPIC))
                    .count(TELEMETRY_SINK, () -> offsets.committed(TELEMETRY_SINK))
                    .count(PAYMENTS_SINK, () -> offsets.committed(PAYMENTS_SINK))
                    .start());
            long durationNanos = options.duration().toNanos();
            Conditions.until(trafficStart + (long) (durationNanos * PHASE_1_SHARE));

            traffic.training();
            long phase1Payments = traffic.paymentsSent();
            out.println();
            out.printf("== Phase 2 (at %d s): training on the %d phase-1 payments (and what arrives meanwhile) in %s once the"
                    + " sink has committed them%n", secondsSince(start), phase1Payments, TRAINING_INPUT);
            Conditions.await(() -> offsets.produced(PAYMENTS_TOPIC) >= phase1Payments
                            && offsets.committed(PAYMENTS_SINK) >= phase1Payments,
                    DRAIN_TIMEOUT, "the phase-1 payments are in Kafka and committed to GCS by " + PAYMENTS_SINK);
            Path histogram = workDir.resolve("score-histogram.png");
            String trained = new TrainerProcess(options.trainerJar(), workDir.resolve("trainer.log"))
                    .train(TRAINING_INPUT, MODEL_ROOT, stack.gcs().endpoint(), stack.pubsub().isPresent()
                            ? stack.pubsub().get().projectId() : "fleetml-test", histogram);
            out.print(trained.lines().map(line -> "  trainer: " + line + "\n").reduce("", String::concat));
            Conditions.await(() -> scored.latestVersion() != null, MODEL_PICKUP_TIMEOUT,
                    "FraudScore in " + paymentsSource + " scores payments with the new model from " + MODEL_ROOT);
            out.printf("  at %d s FraudScore scores with model version %s, picked up while running (hot reload)%n",
                    secondsSince(start), scored.latestVersion());

            traffic.injectFraud();
            long phase3Start = System.nanoTime();
            out.println();
            out.printf("== Phase 3 (at %d s): fraud injected into %.1f%% of payments; the live model scores them%n",
                    secondsSince(start), options.fraudRate() * 100);
            Conditions.until(Math.max(trafficStart + durationNanos, phase3Start + (long) (durationNanos * MIN_PHASE_3_SHARE)));
            traffic.stop();

            out.println();
            out.printf("== Traffic stopped at %d s; waiting until every message is in Kafka and committed to GCS%n", secondsSince(start));
            long telemetrySent = traffic.telemetrySent();
            long paymentsSent = traffic.paymentsSent();
            Conditions.await(() -> offsets.produced(TELEMETRY_TOPIC) >= telemetrySent
                            && offsets.produced(PAYMENTS_TOPIC) >= paymentsSent
                            && offsets.committed(TELEMETRY_SINK) >= offsets.produced(TELEMETRY_TOPIC)
                            && offsets.committed(PAYMENTS_SINK) >= offsets.produced(PAYMENTS_TOPIC),
                    DRAIN_TIMEOUT, "every sent message is in Kafka and both sinks committed all of it to GCS");
            long paymentsInKafka = offsets.produced(PAYMENTS_TOPIC);
            Conditions.await(() -> scored.caughtUpTo(paymentsInKafka), DRAIN_TIMEOUT, "the scored payments are read");

            out.printf("  all delivered at %d s; searching Kafka and GCS for planted personal data%n", secondsSince(start));
            PlantedPii planted = traffic.planted();
            KafkaTopicScan.Result kafkaScan = KafkaTopicScan.scan(connect.kafka(), planted);
            List<String> objects = gcs.texts();
            Set<String> inGcs = new HashSet<>();
            objects.forEach(text -> inGcs.addAll(planted.foundIn(text)));
            Map<String, Integer> leaks = new TreeMap<>();
            kafkaScan.found().forEach(pii -> leaks.merge(planted.kindOf(pii) + " in Kafka", 1, Integer::sum));
            inGcs.forEach(pii -> leaks.merge(planted.kindOf(pii) + " in GCS", 1, Integer::sum));

            DemoSummary summary = new DemoSummary(
                    telemetrySent, offsets.produced(TELEMETRY_TOPIC),
                    distinct(gcs.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + TELEMETRY_TOPIC + "/"), "vin", "ts"),
                    paymentsSent, paymentsInKafka,
                    distinct(gcs.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + PAYMENTS_TOPIC + "/"), "payment_id"),
                    scored.scored(), scored.skipped(), scored.latestVersion(),
                    FraudEvaluation.join(traffic.groundTruthFile(), scored.outcomes()),
                    gcs.partitions(), planted.size(), kafkaScan.records(), objects.size(), leaks,
                    histogram, Duration.ofNanos(System.nanoTime() - start));
            new SummaryPrinter(out).print(summary, kafkaScan.topics(), traffic.groundTruthFile(), stack.gcsFolder());
            return summary;
        } finally {
            resources.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is closing the same resources.
            }
        }
    }

    private static long secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000;
    }

    private static String modelStatus(ScoredPayments scored) {
        String version = scored.latestVersion();
        return version == null
                ? "none yet, " + scored.skipped() + " payments passed unscored"
                : "version " + version + ", " + scored.scored() + " payments scored";
    }

    /** Distinct rows by the given fields: a record written twice counts once. */
    private static long distinct(List<GenericRecord> rows, String... fields) {
        Set<String> keys = new HashSet<>();
        for (GenericRecord row : rows) {
            StringBuilder key = new StringBuilder();
            for (String field : fields) {
                key.append(row.get(field)).append('|');
            }
            keys.add(key.toString());
        }
        return keys.size();
    }

    /** A fresh HMAC key for PiiMask per run, in the file the connector files reference through FileConfigProvider. */
    private static void writeHashKey(Path workDir) throws IOException {
        byte[] key = new byte[HASH_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path secrets = workDir.resolve("secrets.properties");
        Files.writeString(secrets, "pii.hash.key=" + HexFormat.of().formatHex(key) + "\n");
    }
}
