package io.fleetml.testkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.TelemetryRecords;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The pipeline built so far, as nothing but Connect configuration on a real worker that loads the built bundle: vehicles
 * publish telemetry to an MQTT broker; the MQTT source brings it into Kafka with PiiMask pseudonymizing the VIN (key
 * and field) and the driver and generalizing the position in flight; the GCS sink writes it as hourly-partitioned
 * training files to the project's GCS emulator. It prints a reading before and after, the files written, and whether
 * any planted personal data reached the bucket.
 */
public final class PipelineDemo {
    private static final String MQTT_CONNECTOR = "vehicle-telemetry";
    private static final String GCS_CONNECTOR = "telemetry-training-data";
    private static final String TOPIC = "vehicles.telemetry";
    private static final String BUCKET = "fleet-training-data";
    private static final long SEED = 11;
    private static final int VEHICLES = 25;
    private static final int READINGS = 2_500;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    // A demo key in plain sight; real deployments read it through a config provider (see README).
    private static final String HASH_KEY = "demo-only-hmac-key-do-not-reuse";

    /** What the run found: every reading written once and nothing planted left means the pipeline did its job. */
    public record Result(int published, int written, int distinct, int objects, int leaks) {
        public boolean ok() {
            return distinct == published && leaks == 0;
        }
    }

    private PipelineDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path pluginPath = Path.of(args.length > 0 ? args[0] : "connect-bundle/target/plugin");
        if (!Files.isDirectory(pluginPath)) {
            System.err.println("No plugin directory at " + pluginPath.toAbsolutePath() + "; build it with: mvn -B -DskipTests package");
            System.exit(2);
        }
        Result result = run(pluginPath, System.out);
        System.exit(result.ok() ? 0 : 1);
    }

    public static Result run(Path pluginPath, PrintStream out) throws Exception {
        TelemetryRecords telemetry = new TelemetryRecords(SEED, VEHICLES);
        ObjectMapper json = new ObjectMapper();
        out.println("Starting an MQTT broker, the GCS emulator, a Kafka broker and a Connect worker with plugin.path="
                + pluginPath.toAbsolutePath() + " ...");
        try (GcsEmulator gcs = new GcsEmulator().start(); MqttBroker broker = MqttBroker.builder().build().start()) {
            gcs.createBucket(BUCKET);
            EmbeddedConnectCluster connect = ConnectClusters.start("pipeline-demo", 1, pluginPath, Map.of());
            try {
                connect.kafka().createTopic(TOPIC, 3);
                connect.kafka().createTopic(TOPIC + ".errors", 1);
                connect.configureConnector(MQTT_CONNECTOR, mqttSource(broker));
                connect.configureConnector(GCS_CONNECTOR, gcsSink(gcs));
                broker.awaitSubscription("fleetml-" + MQTT_CONNECTOR + "-0", TIMEOUT);

                List<Map.Entry<String, byte[]>> messages = new ArrayList<>(READINGS);
                for (int i = 0; i < READINGS; i++) {
                    messages.add(Map.entry("vehicles/" + telemetry.vin(i) + "/telemetry", json.writeValueAsBytes(telemetry.reading(i))));
                }
                try (MqttPublisher vehicles = new MqttPublisher("127.0.0.1", broker.port())) {
                    vehicles.publishAll(messages);
                }
                out.printf("%n%d readings from %d vehicles published to MQTT (QoS 1)%n", READINGS, VEHICLES);

                Map<String, List<JsonNode>> files = awaitAllWritten(gcs, json);
                return report(out, json, telemetry, files);
            } finally {
                connect.stop();
            }
        }
    }

    private static Map<String, String> mqttSource(MqttBroker broker) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.mqtt.MqttSourceConnector");
        config.put("tasks.max", "1");
        config.put("mqtt.server.uris", broker.tcpUri());
        config.put("mqtt.topics", "vehicles/{vin}/telemetry");
        config.put("kafka.topic", TOPIC);
        config.put("kafka.key", "{vin}");
        config.put("payload.format", "json");
        config.put("errors.topic", TOPIC + ".errors");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "pii,piiKey");
        config.put("transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value");
        config.put("transforms.pii.field.syntax.version", "V2");
        config.put("transforms.pii.hash.fields", "vin,driver_id");
        config.put("transforms.pii.hash.key", HASH_KEY);
        config.put("transforms.pii.geo.fields", "location");
        config.put("transforms.piiKey.type", "io.fleetml.connect.pii.PiiMask$Key");
        config.put("transforms.piiKey.hash.fields", "$");
        config.put("transforms.piiKey.hash.key", HASH_KEY);
        return config;
    }

    private static Map<String, String> gcsSink(GcsEmulator gcs) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.fleetml.connect.gcs.GcsSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("gcs.bucket.name", BUCKET);
        config.put("gcs.endpoint", gcs.endpoint());
        config.put("format", "jsonl");
        config.put("format.compression", "gzip");
        config.put("partitioner", "time");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "ts");
        config.put("path.format", "'dt'=yyyy-MM-dd/'hour'=HH");
        config.put("partition.duration.ms", "3600000");
        config.put("flush.size", "500");
        // The demo's readings stop arriving, so the last file of each partition is closed by the wall clock; that
        // setting trades exactly-once for it (see README), which a demo can afford.
        config.put("rotate.schedule.interval.ms", "3000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    /** The files in the bucket once they hold every reading, by object name. */
    private static Map<String, List<JsonNode>> awaitAllWritten(GcsEmulator gcs, ObjectMapper json) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Map<String, List<JsonNode>> files = new TreeMap<>();
            int lines = 0;
            for (Map.Entry<String, byte[]> object : gcs.objects(BUCKET).entrySet()) {
                List<JsonNode> records = readJsonl(object.getValue(), json);
                files.put(object.getKey(), records);
                lines += records.size();
            }
            if (lines >= READINGS || System.nanoTime() - deadline > 0) {
                return files;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the sink", e);
            }
        }
    }

    private static List<JsonNode> readJsonl(byte[] gzipped, ObjectMapper json) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                records.add(json.readTree(line));
            }
        }
        return records;
    }

    private static Result report(PrintStream out, ObjectMapper json, TelemetryRecords telemetry, Map<String, List<JsonNode>> files)
            throws IOException {
        out.println();
        out.println("== reading 0 as the vehicle published it on vehicles/" + telemetry.vin(0) + "/telemetry");
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(telemetry.reading(0)));
        long ts = (Long) telemetry.reading(0).get("ts");
        double speed = (Double) telemetry.reading(0).get("speed");
        files.values().stream().flatMap(List::stream)
                .filter(r -> r.path("ts").asLong() == ts && r.path("speed").asDouble() == speed).findFirst()
                .ifPresent(r -> {
                    out.println("== the same reading in the training data (VIN and driver pseudonymized, position generalized)");
                    try {
                        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });

        out.println();
        out.println("== training files in gs://" + BUCKET + "/");
        int written = 0;
        Set<String> distinct = new HashSet<>();
        StringBuilder everything = new StringBuilder();
        for (Map.Entry<String, List<JsonNode>> file : files.entrySet()) {
            out.printf("%6d records  %s%n", file.getValue().size(), file.getKey());
            written += file.getValue().size();
            for (JsonNode record : file.getValue()) {
                distinct.add(record.path("vin").asText() + "@" + record.path("ts").asLong());
                everything.append(record).append('\n');
            }
        }
        String stored = everything.toString();
        int leaks = 0;
        for (int i = 0; i < READINGS; i++) {
            for (String pii : telemetry.plantedPii(i)) {
                if (stored.contains(pii)) {
                    leaks++;
                }
            }
        }
        Result result = new Result(READINGS, written, distinct.size(), files.size(), leaks);
        out.println();
        out.printf("%d readings published, %d records in %d training files (%d distinct readings); planted PII strings found in GCS: %d%n",
                result.published(), result.written(), result.objects(), result.distinct(), result.leaks());
        return result;
    }
}
