package io.fleetml.demo;

import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The servers of the demo on loopback: a KRaft broker with a distributed Connect cluster whose plugin.path holds the
 * unpacked plugin archives, HiveMQ CE, the Pub/Sub emulator where the Cloud SDK has it, and the GCS emulator keeping its objects in a
 * folder. Each server is registered with the run's {@link Resources} as soon as it runs, so Ctrl-C stops it too.
 */
record LocalStack(EmbeddedConnectCluster connect, MqttBroker mqtt, Optional<PubSubEmulator> pubsub, GcsEmulator gcs,
                  Path gcsFolder) {
    static final int WORKERS = 2;
    static final String TRAINING_BUCKET = "fleet-training-data";
    static final String MODEL_BUCKET = "fleet-models";

    static LocalStack start(DemoOptions options, Resources resources, PrintStream out) {
        Path gcsFolder = options.workDir().resolve("gcs").toAbsolutePath();
        GcsEmulator gcs = resources.add(new GcsEmulator(gcsFolder).start());
        gcs.createBucket(TRAINING_BUCKET);
        gcs.createBucket(MODEL_BUCKET);
        out.println("GCS emulator      " + gcs.endpoint() + "  objects under " + gcsFolder);

        MqttBroker mqtt = resources.add(MqttBroker.builder().build().start());
        out.println("HiveMQ CE         " + mqtt.tcpUri());

        PubSubEmulator pubsub = null;
        if (PubSubEmulator.available()) {
            pubsub = resources.add(PubSubEmulator.start());
            out.println("Pub/Sub emulator  " + pubsub.hostPort());
        } else {
            out.println("Pub/Sub emulator  not installed (" + PubSubEmulator.unavailableReason()
                    + "): payments also come over MQTT");
        }

        // FileConfigProvider lets the connector files name the PII key without containing it, as in production. The
        // files name it relative to the working directory, which allowed.paths (absolute paths only) cannot express.
        EmbeddedConnectCluster connect = ConnectClusters.start("fleet-demo", WORKERS, options.pluginPath(),
                FleetPipeline.workerProps());
        resources.add(connect::stop);
        out.println("Connect REST API  " + ConnectClusters.restUrl(connect) + "  (" + WORKERS + " workers, plugin.path="
                + options.pluginPath().toAbsolutePath() + ")");
        out.println("Kafka             " + connect.kafka().bootstrapServers());
        return new LocalStack(connect, mqtt, Optional.ofNullable(pubsub), gcs, gcsFolder);
    }

    /** The REST API's base URL, ending in a slash. */
    String restUrl() {
        return ConnectClusters.restUrl(connect);
    }
}
