package io.fleetml.demo;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The demo's pipeline without its phases, for tests that account for every message: the servers of the local stack
 * except Connect (the test brings its own cluster, in this JVM or as worker processes), the connector files of
 * {@code config-examples/local} POSTed to it, a {@link CountedTraffic} fleet, and a {@link Delivery} report read back
 * from Kafka and GCS.
 */
public final class FleetPipeline implements AutoCloseable {
    public static final String TELEMETRY_TOPIC = FleetDemo.TELEMETRY_TOPIC;
    public static final String PAYMENTS_TOPIC = FleetDemo.PAYMENTS_TOPIC;
    public static final String TELEMETRY_SINK = FleetDemo.TELEMETRY_SINK;
    public static final String PAYMENTS_SINK = FleetDemo.PAYMENTS_SINK;
    public static final String TELEMETRY_ERRORS_TOPIC = "vehicles.mqtt.errors";
    /** The header FraudScore sets on a record it passes on unscored. */
    public static final String SKIPPED_HEADER = ScoredRecords.SKIPPED_HEADER;
    private static final int HASH_KEY_BYTES = 32;

    private final Resources resources = new Resources();
    private final Path hashKeyFile;
    private final GcsEmulator gcs;
    private final MqttBroker mqtt;
    private final PubSubEmulator pubsub;
    private final MqttPublisher publisher;
    private final PaymentChannel payments;
    private final Path configDir;
    private final PrintStream out;

    private FleetPipeline(Path workDir, Path configDir, PrintStream out) throws Exception {
        this.configDir = configDir;
        this.out = out;
        Files.createDirectories(workDir);
        hashKeyFile = workDir.resolve("secrets.properties").toAbsolutePath();
        byte[] key = new byte[HASH_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.writeString(hashKeyFile, "pii.hash.key=" + HexFormat.of().formatHex(key) + "\n");
        try {
            gcs = resources.add(new GcsEmulator(workDir.resolve("gcs")).start());
            gcs.createBucket(LocalStack.TRAINING_BUCKET);
            gcs.createBucket(LocalStack.MODEL_BUCKET);
            mqtt = resources.add(MqttBroker.builder().build().start());
            pubsub = PubSubEmulator.available() ? resources.add(PubSubEmulator.start()) : null;
            publisher = resources.add(new MqttPublisher("127.0.0.1", mqtt.port()));
            payments = resources.add(pubsub != null ? PaymentChannel.pubsub(pubsub) : PaymentChannel.mqtt(publisher));
        } catch (Exception | Error e) {
            resources.close();
            throw e;
        }
    }

    /** Starts GCS emulator, HiveMQ CE and, where installed, the Pub/Sub emulator; {@code configDir} holds the local connector files. */
    public static FleetPipeline start(Path workDir, Path configDir, PrintStream out) throws Exception {
        return new FleetPipeline(workDir, configDir, out);
    }

    /** What every Connect worker needs for these connector files: the file config provider that holds the PII key. */
    public static Map<String, String> workerProps() {
        return Map.of("config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    }

    public String paymentsSource() {
        return pubsub != null ? "pubsub-source-payments" : "mqtt-source-payments";
    }

    public String paymentErrorsTopic() {
        return pubsub != null ? "payments.pubsub.errors" : "payments.mqtt.errors";
    }

    /** The topics of the pipeline, each with {@code partitions} partitions so that as many sink tasks have work. */
    public void createTopics(EmbeddedKafkaCluster kafka, int partitions) {
        kafka.createTopic(TELEMETRY_TOPIC, partitions);
        kafka.createTopic(PAYMENTS_TOPIC, partitions);
        for (String topic : List.of(TELEMETRY_ERRORS_TOPIC, paymentErrorsTopic(), TELEMETRY_TOPIC + ".dlq", PAYMENTS_TOPIC + ".dlq")) {
            kafka.createTopic(topic, 1);
        }
    }

    /** Uploads a root of numbered model versions under {@code gs://fleet-models/models/payments/}, metadata files last as the trainer does. */
    public void publishModel(Path modelRoot) throws IOException {
        Storage storage = gcs.client();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(modelRoot)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        files.sort(Comparator.comparing((Path file) -> file.endsWith("fleetml-model.json")).thenComparing(Path::toString));
        String prefix = FleetDemo.MODEL_ROOT.substring(("gs://" + LocalStack.MODEL_BUCKET + "/").length());
        for (Path file : files) {
            String name = prefix + modelRoot.relativize(file).toString().replace('\\', '/');
            storage.create(BlobInfo.newBuilder(BlobId.of(LocalStack.MODEL_BUCKET, name)).build(), Files.readAllBytes(file));
        }
    }

    /**
     * POSTs the two sources and the two sinks to the REST API at {@code restUrl}, with the running servers' endpoints,
     * the PII key file of this run and {@code tasksMax} tasks per connector (MQTT then shares its subscriptions).
     * Returns the connector names.
     */
    public List<String> createConnectors(String restUrl, int tasksMax) {
        Map<String, String> endpoints = new HashMap<>();
        endpoints.put("mqtt.server.uris", mqtt.tcpUri());
        endpoints.put("gcs.endpoint", gcs.endpoint());
        if (pubsub != null) {
            endpoints.put("pubsub.endpoint", pubsub.hostPort());
        }
        endpoints.put("hash.key", "${file:" + hashKeyFile + ":pii.hash.key}");
        endpoints.put("tasks.max", Integer.toString(tasksMax));
        ConnectorFiles files = new ConnectorFiles(configDir, endpoints, out);
        Map<String, String> mqttSettings = tasksMax > 1 ? Map.of("mqtt.shared.subscriptions", "true") : Map.of();
        return List.of(files.post("mqtt-source-telemetry.json", restUrl, mqttSettings),
                files.post(paymentsSource() + ".json", restUrl, pubsub != null ? Map.of() : mqttSettings),
                files.post(TELEMETRY_SINK + ".json", restUrl, Map.of()),
                files.post(PAYMENTS_SINK + ".json", restUrl, Map.of()));
    }

    /** Returns once each of the {@code tasksMax} tasks of the MQTT sources has subscribed. */
    public void awaitMqttSubscriptions(int tasksMax, Duration timeout) {
        List<String> sources = new ArrayList<>(List.of("mqtt-source-telemetry"));
        if (pubsub == null) {
            sources.add("mqtt-source-payments");
        }
        for (String source : sources) {
            for (int task = 0; task < tasksMax; task++) {
                mqtt.awaitSubscription("fleetml-" + source + "-" + task, timeout);
            }
        }
    }

    public CountedTraffic traffic(CountedTraffic.Plan plan) {
        return resources.add(new CountedTraffic(plan, publisher, payments));
    }

    /** Returns once {@code topic} holds at least {@code records} records: the traffic is flowing through the pipeline. */
    public void awaitRecords(EmbeddedKafkaCluster kafka, String topic, long records, Duration timeout) throws InterruptedException {
        try (ConnectorOffsets offsets = new ConnectorOffsets(kafka.createAdminClient())) {
            Conditions.await(() -> offsets.produced(topic) >= records, timeout, topic + " holds " + records + " records");
        }
    }

    /**
     * Waits until Kafka has a record of every message {@code traffic} sent and both sinks have committed every record
     * of their topics to GCS, then reads back what arrived where.
     */
    public Delivery awaitDelivery(EmbeddedKafkaCluster kafka, CountedTraffic traffic, Duration timeout) throws Exception {
        CountedTraffic.Plan plan = traffic.plan();
        try (ConnectorOffsets offsets = new ConnectorOffsets(kafka.createAdminClient())) {
            Conditions.await(() -> offsets.produced(TELEMETRY_TOPIC) >= plan.telemetry()
                            && offsets.produced(PAYMENTS_TOPIC) >= plan.payments()
                            && offsets.produced(TELEMETRY_ERRORS_TOPIC) >= plan.malformed()
                            && offsets.produced(paymentErrorsTopic()) >= plan.malformed()
                            && offsets.committed(TELEMETRY_SINK) >= offsets.produced(TELEMETRY_TOPIC)
                            && offsets.committed(PAYMENTS_SINK) >= offsets.produced(PAYMENTS_TOPIC),
                    timeout, "Kafka has every message sent and both sinks committed all of it to GCS",
                    () -> "sent " + traffic.telemetrySent() + " readings and " + traffic.paymentIds().size() + " payments; in Kafka "
                            + offsets.produced(TELEMETRY_TOPIC) + " readings, " + offsets.produced(PAYMENTS_TOPIC) + " payments, "
                            + offsets.produced(TELEMETRY_ERRORS_TOPIC) + " + " + offsets.produced(paymentErrorsTopic())
                            + " malformed; committed to GCS " + offsets.committed(TELEMETRY_SINK) + " readings, "
                            + offsets.committed(PAYMENTS_SINK) + " payments");
        }
        KafkaTopicScan.Result scan = KafkaTopicScan.scan(kafka, traffic.planted());
        Map<String, Integer> records = new TreeMap<>();
        Map<String, String> skipReasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consumeAll(timeout.toMillis(), TELEMETRY_TOPIC, PAYMENTS_TOPIC,
                TELEMETRY_ERRORS_TOPIC, paymentErrorsTopic(), TELEMETRY_TOPIC + ".dlq", PAYMENTS_TOPIC + ".dlq")) {
            records.merge(record.topic(), 1, Integer::sum);
            Header skipped = record.headers().lastHeader(SKIPPED_HEADER);
            if (skipped != null && record.topic().equals(PAYMENTS_TOPIC) && record.key() != null) {
                skipReasons.put(new String(record.key(), StandardCharsets.UTF_8), new String(skipped.value(), StandardCharsets.UTF_8));
            }
        }

        GcsInventory inventory = new GcsInventory(gcs, List.of(LocalStack.TRAINING_BUCKET));
        List<GenericRecord> telemetryRows = inventory.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + TELEMETRY_TOPIC + "/");
        Map<String, Integer> telemetryCopies = new HashMap<>();
        Set<String> vins = new HashSet<>();
        for (GenericRecord row : telemetryRows) {
            telemetryCopies.merge(row.get("vin") + "|" + row.get("ts"), 1, Integer::sum);
            vins.add(String.valueOf(row.get("vin")));
        }
        Map<String, Integer> paymentCopies = new HashMap<>();
        Set<String> unscoredInGcs = new HashSet<>();
        for (GenericRecord row : inventory.parquetRows(LocalStack.TRAINING_BUCKET, "topics/" + PAYMENTS_TOPIC + "/")) {
            String id = String.valueOf(row.get("payment_id"));
            paymentCopies.merge(id, 1, Integer::sum);
            if (row.get("fraud_score") == null) {
                unscoredInGcs.add(id);
            }
        }
        Set<String> leaks = new TreeSet<>();
        scan.found().forEach(pii -> leaks.add(traffic.planted().kindOf(pii) + " in Kafka"));
        for (String text : inventory.texts()) {
            traffic.planted().foundIn(text).forEach(pii -> leaks.add(traffic.planted().kindOf(pii) + " in GCS"));
        }
        return new Delivery(records, telemetryRows.size(), telemetryCopies.size(), copiedMoreThanOnce(telemetryCopies),
                vins.size(), paymentCopies.keySet(), copiedMoreThanOnce(paymentCopies), unscoredInGcs, skipReasons, leaks);
    }

    private static int copiedMoreThanOnce(Map<String, Integer> copies) {
        return (int) copies.values().stream().filter(n -> n > 1).count();
    }

    @Override
    public void close() {
        resources.close();
    }

    /**
     * What arrived where.
     *
     * @param kafkaRecords            records per topic of the pipeline (sources' topics, errors topics, sinks' DLQs)
     * @param telemetryRows           telemetry rows in GCS
     * @param telemetryIdentities     distinct (VIN pseudonym, ts) among them: one per reading sent
     * @param telemetryDuplicated     readings with more than one row
     * @param vehiclesInGcs           distinct VIN pseudonyms in the telemetry rows
     * @param paymentIdsInGcs         distinct payment ids in the payment rows
     * @param paymentsDuplicated      payments with more than one row
     * @param unscoredPaymentIdsInGcs payments whose row has no fraud score
     * @param skipReasons             payment id to the {@value #SKIPPED_HEADER} header of its Kafka record, for the payments
     *                                passed on unscored
     * @param leaks                   the kinds of planted personal data found, and where (Kafka or GCS)
     */
    public record Delivery(Map<String, Integer> kafkaRecords, int telemetryRows, int telemetryIdentities,
                           int telemetryDuplicated, int vehiclesInGcs, Set<String> paymentIdsInGcs, int paymentsDuplicated,
                           Set<String> unscoredPaymentIdsInGcs, Map<String, String> skipReasons, Set<String> leaks) {
        public int kafkaRecords(String topic) {
            return kafkaRecords.getOrDefault(topic, 0);
        }

        /** The counts, without the payment ids. */
        @Override
        public String toString() {
            return "Kafka " + kafkaRecords + "; GCS: " + telemetryRows + " telemetry rows of " + telemetryIdentities
                    + " readings (" + telemetryDuplicated + " more than once) from " + vehiclesInGcs + " vehicles, "
                    + paymentIdsInGcs.size() + " payments (" + paymentsDuplicated + " more than once, "
                    + unscoredPaymentIdsInGcs.size() + " unscored); " + skipReasons.size() + " payments passed unscored; leaks "
                    + leaks;
        }
    }
}
