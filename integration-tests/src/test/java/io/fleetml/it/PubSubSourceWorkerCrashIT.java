package io.fleetml.it;

import io.fleetml.testkit.connect.ConnectWorkerProcess;
import io.fleetml.testkit.pubsub.PubSubEmulator;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Connect worker running the Pub/Sub source task dies mid-stream (SIGKILL of its JVM: no task stop, no nack, no
 * ack of what its producer had written) and is started again: Pub/Sub redelivers every message the dead task held once
 * its lease runs out, to the task's next incarnation on the surviving worker, so all N messages reach Kafka.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PubSubSourceWorkerCrashIT {
    private static final long WAIT_MS = 180_000;
    private static final int MESSAGES = 20_000;
    private static final String CONNECTOR = "pubsub-crash";
    private static final String TOPIC = "pubsub.noloss.crash";

    @TempDir
    Path workDir;

    @Test
    void noMessageIsLostWhenTheWorkerRunningTheTaskIsKilled() throws Exception {
        Assumptions.assumeTrue(PubSubEmulator.available(), PubSubEmulator::unavailableReason);
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        try (PubSubEmulator pubsub = PubSubEmulator.start()) {
            kafka.createTopic(TOPIC, 1);
            pubsub.createTopic("crash");
            pubsub.createSubscription("crash-sub", "crash");
            // A task of a worker that left is reassigned after this delay (default five minutes).
            Map<String, String> cluster = Map.of("scheduled.rebalance.max.delay.ms", "3000");
            CompletableFuture<ConnectWorkerProcess> second = CompletableFuture.supplyAsync(() -> startWorker(kafka, cluster));
            workers.add(startWorker(kafka, cluster));
            workers.add(second.get(WAIT_MS, TimeUnit.MILLISECONDS));

            workers.get(0).configureConnector(CONNECTOR, PubSubSourceIT.noLossConfig(pubsub, "crash-sub", TOPIC));
            String runningOn = workers.get(0).awaitTaskRunning(CONNECTOR, null, Duration.ofMillis(WAIT_MS));

            CompletableFuture<List<String>> publishing = CompletableFuture.supplyAsync(
                    () -> pubsub.publishAll("crash", PubSubSourceIT.numbered("m-", MESSAGES)));
            kafka.consume(MESSAGES / 5, WAIT_MS, TOPIC);
            ConnectWorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(runningOn)).findFirst()
                    .orElseThrow(() -> new AssertionError("no worker " + runningOn));
            victim.kill();
            workers.remove(victim);
            workers.add(startWorker(kafka, cluster));

            String survivor = workers.get(0).awaitTaskRunning(CONNECTOR, runningOn, Duration.ofMillis(WAIT_MS));
            publishing.get(WAIT_MS, TimeUnit.MILLISECONDS);
            int duplicates = NumberedMessages.assertAllArrived(kafka, TOPIC, MESSAGES, WAIT_MS);
            System.out.printf("task moved from killed worker %s to %s; %d duplicates%n", runningOn, survivor, duplicates);
        } finally {
            workers.forEach(ConnectWorkerProcess::close);
            kafka.stop();
        }
    }

    private ConnectWorkerProcess startWorker(EmbeddedKafkaCluster kafka, Map<String, String> props) {
        return ConnectWorkerProcess.start(kafka.bootstrapServers(), "pubsub-crash-it", Bundle.pluginPath(), workDir, props);
    }
}
