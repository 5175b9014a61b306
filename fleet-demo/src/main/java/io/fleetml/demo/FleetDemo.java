package io.fleetml.demo;

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
 * running the built plugin archives; PiiMask then FraudScore work in flight and the GCS sinks write Parquet training data. Phase
 * 1 collects normal traffic, phase 2 trains version 1 of the payments' fraud model and of the telemetry's anomaly model
 * from it with the trainer and publishes them to {@code gs://}, phase 3 injects fraud and sensor faults while the
 * running FraudScore instances score with the models they picked up. The summary checks the run against the
 * simulator's ground truth.
 */
public final class FleetDemo {
    static final String TELEMETRY_TOPIC = "vehicles.telemetry";
    static final String PAYMENTS_TOPIC = "payments.scored";
    static final String TELEMETRY_SOURCE = "mqtt-source-telemetry";
    static final String TELEMETRY_SINK = "gcs-sink-telemetry";
    static final String PAYMENTS_SINK = "gcs-sink-payments";
    static final String MODEL_ROOT = "gs://" + LocalStack.MODEL_BUCKET + "/models/payments/";
    static final String TRAINING_INPUT = "gs://" + LocalStack.TRAINING_BUCKET + "/topics/" + PAYMENTS_TOPIC;
    static final String TELEMETRY_MODEL_ROOT = "gs://" + LocalStack.MODEL_BUCKET + "/models/telemetry/";
    static final String TELEMETRY_TRAINING_INPUT = "gs://" + LocalStack.TRAINING_BUCKET + "/topics/" + TELEMETRY_TOPIC;
    /** The signals of mqtt-source-telemetry.json's anomaly model, those the sensor faults show in. */
    static final String TELEMETRY_FEATURES = "speed,coolant_temp,intake_air_temp,intake_air_flow_speed,battery_percentage,"
            + "battery_voltage,current_draw,engine_vibration_amplitude,throttle_pos,fuel_level,"
            + "tire_pressure_1_1,tire_pressure_1_2,tire_pressure_2_1,tire_pressure_2_2";
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
                    workDir.resolve("simulator-ground-truth.jsonl"), workDir.resolve("simulator-sensor-faults.jsonl")));
            ConnectorOffsets offsets = resources.add(new ConnectorOffsets(connect.kafka().createAdminClient()));
            ScoredRecords scored = resources.add(new ScoredRecords(connect.kafka().createConsumer(Map.of()), PAYMENTS_TOPIC,
                    value -> value.path("payment_id").asText(null), ScoredRecords.Fields.FRAUD));
            ScoredRecords readings = resources.add(new ScoredRecords(connect.kafka().createConsumer(Map.of()), TELEMETRY_TOPIC,
                    value -> FleetTraffic.readingKey(field -> value.hasNonNull(field) ? value.get(field).asText() : null),
                    ScoredRecords.Fields.ANOMALY));
            GcsInventory gcs = new GcsInventory(stack.gcs(), List.of(LocalStack.TRAINING_BUCKET, LocalStack.MODEL_BUCKET));
            String paymentsSource = connectors.get(1);

            out.println();
            out.printf("== Phase 1 (at %d s): %d vehicles drive; normal payments and readings only, collected into GCS as training data%n",
                    secondsSince(start), options.vehicles());
            long trafficStart = System.nanoTime();
            traffic.start();
            resources.add(new ProgressReporter(out, trafficStart, () -> "phase " + traffic.phase(), gcs::objectCount,
                    () -> modelStatus(scored, "payments") + "; " + modelStatus(readings, "readings"))
                    .count(TELEMETRY_SOURCE, () -> offsets.produced(TELEMETRY_TOPIC))
                    .count(paymentsSource, () -> offsets.produced(PAYMENTS_TOPIC))
                    .count(TELEMETRY_SINK, () -> offsets.committed(TELEMETRY_SINK))
                    .count(PAYMENTS_SINK, () -> offsets.committed(PAYMENTS_SINK))
                    .start());
            long durationNanos = options.duration().toNanos();
            Conditions.until(trafficStart + (long) (durationNanos * PHASE_1_SHARE));

            traffic.training();
            long phase1Payments = traffic.paymentsSent();
            long phase1Readings = traffic.telemetrySent();
            out.println();
            out.printf("== Phase 2 (at %d s): training on the %d phase-1 payments and %d readings (and what arrives meanwhile)"
                    + " in %s and %s once the sinks have committed them%n", secondsSince(start), phase1Payments, phase1Readings,
                    TRAINING_INPUT, TELEMETRY_TRAINING_INPUT);
            Conditions.await(() -> offsets.produced(PAYMENTS_TOPIC) >= phase1Payments
                            && offsets.committed(PAYMENTS_SINK) >= phase1Payments
                            && offsets.produced(TELEMETRY_TOPIC) >= phase1Readings
                            && offsets.committed(TELEMETRY_SINK) >= phase1Readings,
                    DRAIN_TIMEOUT, "the phase-1 payments and readings are in Kafka and committed to GCS by both sinks");
            TrainerProcess trainer = new TrainerProcess(options.trainerJar(), workDir);
            String project = stack.pubsub().isPresent() ? stack.pubsub().get().projectId() : "fleetml-test";
            Path histogram = workDir.resolve("score-histogram.png");
            Path telemetryHistogram = workDir.resolve("telemetry-score-histogram.png");
            String trained = trainer.train(TRAINING_INPUT, MODEL_ROOT, DemoFraudModel.TRAINER_OPTIONS, stack.gcs().endpoint(),
                    project, histogram);
            out.print(trained.lines().map(line -> "  trainer (payments): " + line + "\n").reduce("", String::concat));
            String trainedTelemetry = trainer.train(TELEMETRY_TRAINING_INPUT, TELEMETRY_MODEL_ROOT,
                    List.of("--features", TELEMETRY_FEATURES), stack.gcs().endpoint(), project, telemetryHistogram);
            out.print(trainedTelemetry.lines().map(line -> "  trainer (telemetry): " + line + "\n").reduce("", String::concat));
            Conditions.await(() -> scored.latestVersion() != null && readings.latestVersion() != null, MODEL_PICKUP_TIMEOUT,
                    "FraudScore in " + paymentsSource + " and in " + TELEMETRY_SOURCE + " score with the new models from "
                            + MODEL_ROOT + " and " + TELEMETRY_MODEL_ROOT);
            out.printf("  at %d s FraudScore scores payments with model version %s and readings with anomaly model version %s,"
                    + " both picked up while running (hot reload)%n", secondsSince(start), scored.latestVersion(),
                    readings.latestVersion());

            traffic.injectFraud();
            long phase3Start = System.nanoTime();
            out.println();
            out.printf("== Phase 3 (at %d s): fraud injected into %.1f%% of payments, sensor faults into %d of %d vehicles;"
                    + " the live models score them%n", secondsSince(start), options.fraudRate() * 100, traffic.faultyVehicles(),
                    options.vehicles());
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
            long telemetryInKafka = offsets.produced(TELEMETRY_TOPIC);
            Conditions.await(() -> scored.caughtUpTo(paymentsInKafka) && readings.caughtUpTo(telemetryInKafka), DRAIN_TIMEOUT,
                    "the scored payments and readings are read");

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
                    telemetrySent, telemetryInKafka,
                    distinct(gcs.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + TELEMETRY_TOPIC + "/"), "vin", "ts"),
                    readings.scored(), readings.skipped(), readings.latestVersion(),
                    paymentsSent, paymentsInKafka,
                    distinct(gcs.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + PAYMENTS_TOPIC + "/"), "payment_id"),
                    scored.scored(), scored.skipped(), scored.latestVersion(),
                    FlagEvaluation.join(traffic.groundTruthFile(), "payment_id", "fraud", scored.outcomes()),
                    FlagEvaluation.join(traffic.sensorTruthFile(), "reading", "fault", readings.outcomes()),
                    gcs.partitions(), planted.size(), kafkaScan.records(), objects.size(), leaks,
                    histogram, telemetryHistogram, Duration.ofNanos(System.nanoTime() - start));
            new SummaryPrinter(out).print(summary, kafkaScan.topics(), traffic.groundTruthFile(), traffic.sensorTruthFile(),
                    stack.gcsFolder());
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

    private static String modelStatus(ScoredRecords scored, String what) {
        String version = scored.latestVersion();
        return version == null
                ? "none yet, " + scored.skipped() + " " + what + " passed unscored"
                : "version " + version + ", " + scored.scored() + " " + what + " scored";
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
