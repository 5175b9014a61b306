package io.fleetml.testkit.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.FleetRecords;
import io.fleetml.testkit.connect.SampleFleetSourceConnector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The main job for now: a real Connect worker loads the PII-mask SMT from the built bundle on its plugin.path, masks
 * sample vehicle payment events in flight, and the demo prints each event before and after, read back from Kafka.
 */
public final class PiiMaskDemo {
    private static final String TOPIC = "payments.masked";
    private static final long SEED = 7;
    private static final int RECORDS = 200;
    private static final int SHOWN = 3;
    private static final long TIMEOUT_MS = 120_000;

    private PiiMaskDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path pluginPath = Path.of(args.length > 0 ? args[0] : "connect-bundle/target/plugin");
        if (!Files.isDirectory(pluginPath)) {
            System.err.println("No plugin directory at " + pluginPath.toAbsolutePath() + "; build it with: mvn -B -DskipTests package");
            System.exit(2);
        }
        System.out.println("Starting a Kafka broker and a Connect worker with plugin.path=" + pluginPath.toAbsolutePath() + " ...");
        EmbeddedConnectCluster connect = ConnectClusters.start("pii-demo", 1, pluginPath, Map.of());
        try {
            connect.kafka().createTopic(TOPIC, 1);
            connect.configureConnector("sample-payments", connectorConfig());
            ConsumerRecords<byte[], byte[]> masked = connect.kafka().consume(RECORDS, TIMEOUT_MS, TOPIC);
            print(masked);
        } finally {
            connect.stop();
        }
    }

    static Map<String, String> connectorConfig() {
        Map<String, String> config = new TreeMap<>();
        config.put("connector.class", SampleFleetSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(SampleFleetSourceConnector.TOPIC_CONFIG, TOPIC);
        config.put(SampleFleetSourceConnector.RECORDS_CONFIG, Integer.toString(RECORDS));
        config.put(SampleFleetSourceConnector.SCHEMALESS_CONFIG, "true");
        config.put(SampleFleetSourceConnector.SEED_CONFIG, Long.toString(SEED));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "pii");
        config.put("transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value");
        config.put("transforms.pii.field.syntax.version", "V2");
        config.put("transforms.pii.hash.fields", "vin,driver_id");
        // A demo key in plain sight; real deployments read it through a config provider (see README).
        config.put("transforms.pii.hash.key", "demo-only-hmac-key-do-not-reuse");
        config.put("transforms.pii.hash.key.id", "demo");
        config.put("transforms.pii.partial.fields", "card.number");
        config.put("transforms.pii.redact.fields", "driver.name");
        config.put("transforms.pii.drop.fields", "driver.phone,driver.email");
        config.put("transforms.pii.geo.fields", "vehicle.location,merchant.location");
        config.put("transforms.pii.scan.fields", "notes");
        return config;
    }

    private static void print(ConsumerRecords<byte[], byte[]> masked) throws Exception {
        ObjectMapper json = new ObjectMapper();
        FleetRecords fleet = new FleetRecords(SEED);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        masked.forEach(records::add);
        for (int i = 0; i < Math.min(SHOWN, records.size()); i++) {
            System.out.println();
            System.out.println("== payment " + i + " before masking (as the source emitted it)");
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(fleet.paymentMap(i)));
            System.out.println("== payment " + i + " in Kafka after PiiMask (key id header: "
                    + new String(records.get(i).headers().lastHeader("fleetml.pii.key.id").value(), StandardCharsets.UTF_8) + ")");
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(records.get(i).value())));
        }
        int leaks = 0;
        for (int i = 0; i < records.size(); i++) {
            String stored = new String(records.get(i).value(), StandardCharsets.UTF_8);
            for (String pii : fleet.plantedPii(i)) {
                if (stored.contains(pii)) {
                    leaks++;
                }
            }
        }
        System.out.println();
        System.out.printf("%d payments masked in flight by a Connect worker; planted PII strings found in Kafka: %d%n", records.size(), leaks);
    }
}
