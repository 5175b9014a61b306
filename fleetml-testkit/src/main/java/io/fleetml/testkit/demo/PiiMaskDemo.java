package io.fleetml.testkit.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.FleetRecords;
import io.fleetml.testkit.SamplePipelines;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            // A demo key in plain sight; real deployments read it through a config provider (see README).
            connect.configureConnector("sample-payments", SamplePipelines.maskedPayments(TOPIC, RECORDS, true, SEED,
                    "demo-only-hmac-key-do-not-reuse", "demo"));
            ConsumerRecords<byte[], byte[]> masked = connect.kafka().consume(RECORDS, TIMEOUT_MS, TOPIC);
            print(masked);
        } finally {
            connect.stop();
        }
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
                    + new String(records.get(i).headers().lastHeader(SamplePipelines.KEY_ID_HEADER).value(), StandardCharsets.UTF_8) + ")");
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
