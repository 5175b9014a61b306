package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.formats.AvroBytes;
import io.fleetml.testkit.formats.ParquetBytes;
import io.fleetml.testkit.gcs.GcsEmulator;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.ObjectName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GCS sink from its built archive in a real 3-worker Connect cluster, writing to the project's GCS emulator: every
 * record lands in exactly one object, also while GCS fails and workers leave and join; records it cannot write go to
 * the dead-letter queue while the task runs on; a bucket that refuses writes fails the task with the reason.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class GcsSinkIT {
    private static final String BUCKET = "fleet-training";
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 3000;
    private static final long WAIT_MS = 180_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"telemetry\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"region\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"speed\",\"type\":\"double\",\"optional\":false}]}";
    private static final String[] REGIONS = {"eu", "us", "apac"};

    private static GcsEmulator gcs;
    private static Storage storage;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        gcs = new GcsEmulator().start();
        gcs.createBucket(BUCKET);
        storage = gcs.client();
        connect = ConnectClusters.start("gcs-it", 3, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (connect != null) {
            connect.stop();
        }
        if (storage != null) {
            storage.close();
        }
        if (gcs != null) {
            gcs.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "parquet"})
    void everyRecordLandsInExactlyOneObject(String format) throws Exception {
        String topic = "telemetry-" + format;
        produce(topic);
        connect.configureConnector("gcs-" + format, sinkConfig(topic, format));
        awaitCommitted("gcs-" + format, topic);
        assertExactlyOnce(topic);
    }

    @Test
    void exactlyOnceWhileGcsFailsAndWorkersLeaveAndJoin() throws Exception {
        String topic = "telemetry-chaos";
        connect.kafka().createTopic(topic, PARTITIONS);
        awaitLeaders(topic);
        connect.configureConnector("gcs-chaos", sinkConfig(topic, "jsonl"));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("gcs-chaos", PARTITIONS, "sink tasks did not start");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int offset = 0; offset < PER_PARTITION; offset++) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    sent.add(producer.send(record(topic, partition, offset)));
                }
                if (offset == PER_PARTITION / 4) {
                    producer.flush();
                    gcs.failNext(40, 503, request -> request.startsWith("POST /upload"));
                }
                if (offset == PER_PARTITION / 2) {
                    producer.flush();
                    gcs.dropNextConnections(20, request -> request.startsWith("POST /upload"));
                    connect.removeWorker();
                }
                if (offset == 3 * PER_PARTITION / 4) {
                    producer.flush();
                    connect.addWorker();
                }
            }
        }
        assertAllSent(sent);
        awaitCommitted("gcs-chaos", topic);
        gcs.clearFaults();
        assertExactlyOnce(topic);
        assertTrue(gcs.count("fault") > 0, "faults were injected and met");
    }

    /**
     * Records the sink cannot write, each for another reason, between good ones on one partition: they end in the
     * dead-letter queue with their reason, every good record is in GCS once, and the task keeps running.
     */
    @Test
    void badRecordsGoToTheDeadLetterQueueAndTheGoodOnesAroundThemLandOnce() throws Exception {
        String topic = "telemetry-bad";
        connect.kafka().createTopic(topic, 1);
        awaitLeaders(topic);
        String dashed = "{\"type\":\"struct\",\"name\":\"telemetry\",\"optional\":false,\"fields\":["
                + "{\"field\":\"id\",\"type\":\"string\",\"optional\":false},"
                + "{\"field\":\"region\",\"type\":\"string\",\"optional\":false},"
                + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false},"
                + "{\"field\":\"speed-kmh\",\"type\":\"double\",\"optional\":false}]}";
        Map<Integer, String> bad = Map.of(
                20, "{\"schema\":" + dashed + ",\"payload\":{\"id\":\"bad-20\",\"region\":\"eu\",\"ts\":1764000000000,\"speed-kmh\":1.5}}",
                40, "{\"schema\":" + SCHEMA + ",\"payload\":{\"id\":\"bad-40\",\"region\":\"" + "r".repeat(2_000)
                        + "\",\"ts\":1764000000000,\"speed\":1.5}}",
                60, "{\"schema\":" + SCHEMA.replace("\"ts\",\"type\":\"int64\"", "\"ts\",\"type\":\"string\"")
                        + ",\"payload\":{\"id\":\"bad-60\",\"region\":\"eu\",\"ts\":\"+300000000-01-01T00:00:00Z\",\"speed\":1.5}}",
                80, "{\"schema\":null,\"payload\":{\"id\":\"bad-80\"}}",
                90, "{\"schema\":" + SCHEMA.replace("]}", ",{\"field\":\"driver\",\"type\":\"struct\",\"optional\":false,\"fields\":[]}]}")
                        + ",\"payload\":{\"id\":\"bad-90\",\"region\":\"eu\",\"ts\":1764000000000,\"speed\":1.5,\"driver\":{}}}");
        int total = 100;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int offset = 0; offset < total; offset++) {
                ProducerRecord<byte[], byte[]> record = bad.containsKey(offset)
                        ? new ProducerRecord<>(topic, 0, ("bad-" + offset).getBytes(StandardCharsets.UTF_8), bad.get(offset).getBytes(StandardCharsets.UTF_8))
                        : record(topic, 0, offset);
                sent.add(producer.send(record));
            }
        }
        assertAllSent(sent);

        Map<String, String> config = sinkConfig(topic, "parquet");
        config.put("tasks.max", "1");
        // One record a file, so the last good record is committed without waiting for a rotation rule.
        config.put("flush.size", "1");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        connect.configureConnector("gcs-bad", config);
        awaitCommitted("gcs-bad", topic, 1, total);

        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> dead : connect.kafka().consume(bad.size(), WAIT_MS, topic + ".dlq")) {
            Header reason = dead.headers().lastHeader("__connect.errors.exception.message");
            reasons.put(new String(dead.key(), StandardCharsets.UTF_8), reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
        }
        assertEquals(Set.of("bad-20", "bad-40", "bad-60", "bad-80", "bad-90"), reasons.keySet());
        assertTrue(reasons.get("bad-20").contains("speed-kmh"), reasons.get("bad-20"));
        assertTrue(reasons.get("bad-40").contains("over 256"), reasons.get("bad-40"));
        assertTrue(reasons.get("bad-60").contains("outside the range"), reasons.get("bad-60"));
        assertTrue(reasons.get("bad-80").contains("offset 80"), reasons.get("bad-80"));
        assertTrue(reasons.get("bad-90").contains("Parquet"), reasons.get("bad-90"));

        Map<String, Integer> counts = idCounts(topic);
        for (int offset = 0; offset < total; offset++) {
            assertEquals(bad.containsKey(offset) ? 0 : 1, counts.getOrDefault("0-" + offset, 0), "record 0-" + offset);
        }
        assertEquals(total - bad.size(), counts.size());
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("gcs-bad", 1, "the sink still runs");
        ObjectName task = new ObjectName("kafka.connect:type=plugins,connector=gcs-bad,task=0");
        assertEquals(bad.size(), ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(task, "records-reported")).intValue());
        assertEquals(0, ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(task, "rewinds")).intValue());
    }

    /**
     * Confluent's GCS sink example of the migration guide, asked to store keys and headers as Confluent's sink does, runs
     * on a worker as written: beside each JSON object of values, an Avro object of keys and one of headers under
     * Confluent's names and hourly directories, each holding the same records in the same order.
     */
    @Test
    void confluentsExampleStoringKeysAndHeadersWritesThemBesideTheValuesOnAWorker() throws Exception {
        String topic = "payments-from-confluent";
        connect.kafka().createTopic(topic, 1);
        awaitLeaders(topic);
        long time = 1_764_000_000_000L;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int offset = 0; offset < 6; offset++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, time, ("pay-" + offset).getBytes(StandardCharsets.UTF_8),
                        ("{\"payment_id\":\"pay-" + offset + "\",\"amount\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
                record.headers().add("source", "pubsub".getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
        }
        assertAllSent(sent);

        Map<String, String> config = ConnectorExamples.config(ConnectorExamples.DIR.resolve("migration/confluent-gcs-sink.json"));
        config.putAll(Map.of("topics", topic, "gcs.bucket.name", BUCKET, "gcs.endpoint", gcs.endpoint(), "flush.size", "3",
                "store.kafka.keys", "true", "store.kafka.headers", "true",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter"));
        connect.configureConnector(config.get("name"), config);
        awaitCommitted(config.get("name"), topic, 1, 6);

        String directory = "topics/" + topic + "/year=2025/month=11/day=24/hour=16/" + topic + "+0+";
        List<String> names = storage.list(BUCKET, Storage.BlobListOption.prefix("topics/" + topic + "/")).streamAll()
                .map(Blob::getName).sorted().toList();
        assertEquals(List.of(directory + "0000000000.headers.avro", directory + "0000000000.json", directory + "0000000000.keys.avro",
                directory + "0000000003.headers.avro", directory + "0000000003.json", directory + "0000000003.keys.avro"), names);
        for (String start : List.of("0000000000", "0000000003")) {
            List<String> ids = ids(directory + start + ".json", storage.readAllBytes(BUCKET, directory + start + ".json"), "payment_id");
            List<String> keys = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            AvroBytes.read(storage.readAllBytes(BUCKET, directory + start + ".keys.avro")).forEach(key -> keys.add(key.get("key").toString()));
            AvroBytes.read(storage.readAllBytes(BUCKET, directory + start + ".headers.avro")).forEach(entry -> headers.add(entry.get("headers").toString()));
            assertEquals(ids, keys, "the keys' object lines up with the values'");
            assertEquals(3, headers.size());
            headers.forEach(header -> assertTrue(header.contains("\"key\": \"source\"") && header.contains("\"value\": \"pubsub\""), header));
        }
    }

    /** A declared schema that does not parse is a config error the REST API reports, not a GCS outage at the first file. */
    @Test
    void aMalformedDeclaredSchemaIsAnErrorOfValidate() {
        Map<String, String> config = sinkConfig("telemetry-schemaless", "parquet");
        config.put("format.avro.schema", "{\"type\": \"record\", \"name\": ");
        ConfigInfos result = connect.validateConnectorConfig("GcsSinkConnector", config);
        String errors = result.configs().stream().filter(info -> info.configValue().name().equals("format.avro.schema"))
                .flatMap(info -> info.configValue().errors().stream()).reduce("", String::concat);
        assertTrue(errors.contains("not an Avro schema"), errors);
    }

    /** GCS refusing the sink's writes is not about one record: the task fails, naming the answer. */
    @Test
    void aBucketThatRefusesWritesFailsTheTaskWithTheReason() throws Exception {
        String topic = "telemetry-forbidden";
        connect.kafka().createTopic(topic, 1);
        awaitLeaders(topic);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int offset = 0; offset < 20; offset++) {
                sent.add(producer.send(record(topic, 0, offset)));
            }
        }
        assertAllSent(sent);
        gcs.failNext(1_000, 403, request -> request.startsWith("POST /upload"));
        try {
            Map<String, String> config = sinkConfig(topic, "jsonl");
            config.put("tasks.max", "1");
            config.put("flush.size", "10");
            connect.configureConnector("gcs-forbidden", config);
            connect.assertions().assertConnectorIsRunningAndTasksHaveFailed("gcs-forbidden", 1, "the task fails on 403");
            String trace = connect.connectorStatus("gcs-forbidden").tasks().get(0).trace();
            assertTrue(trace.contains("403") && trace.contains("bucket '" + BUCKET + "'"), trace);
        } finally {
            gcs.clearFaults();
        }
    }

    private static Map<String, String> sinkConfig(String topic, String format) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.gcs.GcsSinkConnector");
        config.put("tasks.max", Integer.toString(PARTITIONS));
        config.put("topics", topic);
        config.put("gcs.bucket.name", BUCKET);
        config.put("gcs.endpoint", gcs.endpoint());
        config.put("gcs.retry.max.attempts", "3");
        config.put("gcs.retry.backoff.ms", "20");
        config.put("format", format);
        config.put("partitioner", "time");
        config.put("partition.field.name", "region");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "ts");
        config.put("partition.duration.ms", "60000");
        config.put("path.format", "'dt'=yyyy-MM-dd/'minute'=HH-mm");
        config.put("flush.size", "500");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("consumer.override.max.poll.records", "200");
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return connect.kafka().createProducer(Map.of("linger.ms", 5, "batch.size", 65536));
    }

    private static void produce(String topic) throws Exception {
        connect.kafka().createTopic(topic, PARTITIONS);
        awaitLeaders(topic);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int offset = 0; offset < PER_PARTITION; offset++) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    sent.add(producer.send(record(topic, partition, offset)));
                }
            }
        }
        assertAllSent(sent);
    }

    /** A send that failed would leave the sink nothing to commit up to, and the wait below would time out unexplained. */
    private static void assertAllSent(List<Future<RecordMetadata>> sent) throws Exception {
        for (Future<RecordMetadata> send : sent) {
            send.get(WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * An idempotent producer that meets a partition without a leader yet can end up retrying one batch for ever with
     * OUT_OF_ORDER_SEQUENCE_NUMBER (seen on a loaded machine right after the topic was created), so the test waits for
     * every partition's leader before producing.
     */
    private static void awaitLeaders(String topic) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers()))) {
            TestUtils.waitForCondition(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()), WAIT_MS, "leaders for every partition of " + topic);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, int sequence) {
        String id = partition + "-" + sequence;
        String payload = "{\"id\":\"" + id + "\",\"region\":\"" + REGIONS[(sequence * 7 + partition) % 3] + "\",\"ts\":"
                + (1_764_000_000_000L + sequence * 100L) + ",\"speed\":" + (sequence % 130) + ".5}";
        String value = "{\"schema\":" + SCHEMA + ",\"payload\":" + payload + "}";
        return new ProducerRecord<>(topic, partition, id.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitCommitted(String connector, String topic) throws InterruptedException {
        awaitCommitted(connector, topic, PARTITIONS, PER_PARTITION);
    }

    private static void awaitCommitted(String connector, String topic, int partitions, long endOffset) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers()))) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            TestUtils.waitForCondition(() -> {
                admin.listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, offset) -> committed.put(tp, offset == null ? null : offset.offset()));
                for (int partition = 0; partition < partitions; partition++) {
                    Long offset = committed.get(new TopicPartition(topic, partition));
                    if (offset == null || offset < endOffset) {
                        return false;
                    }
                }
                return true;
            }, WAIT_MS, () -> "the sink to commit every offset of " + topic + " after writing its objects; committed "
                    + committed + ", connector " + statusOf(connector) + ", " + gcs.count("insert") + " inserts and "
                    + gcs.count("fault") + " faults served");
        }
    }

    private static String statusOf(String connector) {
        try {
            return connect.connectorStatus(connector).tasks().stream().map(task -> task.id() + " " + task.state() + " on "
                    + task.workerId() + (task.trace() == null ? "" : " (" + task.trace().lines().findFirst().orElse("") + ")")).toList().toString();
        } catch (RuntimeException e) {
            return "status unavailable: " + e.getMessage();
        }
    }

    private static Map<String, Integer> idCounts(String topic) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (Blob blob : storage.list(BUCKET, Storage.BlobListOption.prefix("topics/" + topic + "/")).iterateAll()) {
            assertTrue(blob.getName().matches("topics/" + topic + "/region=\\w+/dt=2025-11-2\\d/minute=\\d\\d-\\d\\d/" + topic
                    + "\\+\\d\\+\\d{20}\\.(jsonl|parquet)"), blob.getName());
            for (String id : ids(blob.getName(), storage.readAllBytes(blob.getBlobId()))) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void assertExactlyOnce(String topic) throws IOException {
        Map<String, Integer> counts = idCounts(topic);
        long objects = storage.list(BUCKET, Storage.BlobListOption.prefix("topics/" + topic + "/")).streamAll().count();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int sequence = 0; sequence < PER_PARTITION; sequence++) {
                assertEquals(1, counts.getOrDefault(partition + "-" + sequence, 0), "record " + partition + "-" + sequence + " in " + objects + " objects");
            }
        }
        assertEquals(PARTITIONS * PER_PARTITION, counts.size());
    }

    private static List<String> ids(String name, byte[] bytes) throws IOException {
        return ids(name, bytes, "id");
    }

    private static List<String> ids(String name, byte[] bytes, String idField) throws IOException {
        List<String> ids = new ArrayList<>();
        if (name.endsWith(".parquet")) {
            for (GenericRecord record : ParquetBytes.read(bytes)) {
                ids.add(record.get(idField).toString());
            }
            return ids;
        }
        byte[] text = name.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            JsonNode node = JSON.readTree(line);
            ids.add(node.path(idField).asText());
        }
        return ids;
    }
}
