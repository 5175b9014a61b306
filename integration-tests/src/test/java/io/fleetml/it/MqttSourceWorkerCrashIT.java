package io.fleetml.it;

import io.fleetml.testkit.connect.ConnectWorkerProcess;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
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
 * The Connect worker running the MQTT source task dies mid-stream (SIGKILL of its JVM: no task stop, no offset commit,
 * no MQTT disconnect) and is started again: the broker keeps what was not acknowledged in the task's persistent
 * session and redelivers it to the task's next incarnation on the surviving worker, so every message reaches Kafka.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MqttSourceWorkerCrashIT {
    private static final long WAIT_MS = 180_000;
    private static final int MESSAGES = 50_000;
    private static final String CONNECTOR = "mqtt-crash";
    private static final String TOPIC = "mqtt.noloss.crash";

    @TempDir
    Path workDir;

    @Test
    void noMessageIsLostWhenTheWorkerRunningTheTaskIsKilled() throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        try (MqttBroker broker = MqttBroker.builder().build().start();
             MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port())) {
            kafka.createTopic(TOPIC, 1);
            // A task of a worker that left is reassigned after this delay (default five minutes).
            Map<String, String> cluster = Map.of("scheduled.rebalance.max.delay.ms", "3000");
            CompletableFuture<ConnectWorkerProcess> second = CompletableFuture.supplyAsync(() -> startWorker(kafka, cluster));
            workers.add(startWorker(kafka, cluster));
            workers.add(second.get(WAIT_MS, TimeUnit.MILLISECONDS));

            Map<String, String> config = MqttSourceIT.sourceConfig("noloss/crash", TOPIC, broker.tcpUri());
            workers.get(0).configureConnector(CONNECTOR, config);
            String runningOn = workers.get(0).awaitTaskRunning(CONNECTOR, null, Duration.ofMillis(WAIT_MS));
            broker.awaitSubscription("fleetml-" + CONNECTOR + "-0", Duration.ofMillis(WAIT_MS));

            CompletableFuture<Void> publishing = NumberedMessages.publishInBackground(publisher, "noloss/crash", MESSAGES);
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
        return ConnectWorkerProcess.start(kafka.bootstrapServers(), "mqtt-crash-it", Bundle.pluginPath(), workDir, props);
    }
}
