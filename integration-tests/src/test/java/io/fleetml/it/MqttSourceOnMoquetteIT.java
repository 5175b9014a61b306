package io.fleetml.it;

import io.fleetml.testkit.mqtt.MoquetteBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MQTT source against a third broker implementation, Moquette 0.17, in a JVM of its own: MQTT 3.1.1 only and no
 * shared subscriptions, so the task subscribes to the plain filter. Messages are telemetry-sized, as on Mosquitto.
 * Moquette sends a client at most 10 unacknowledged messages, which bounds the duplicates a crash leaves and makes the
 * task drain 10 messages per Kafka round trip: it catches up more slowly than on Mosquitto (about 30 s here).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MqttSourceOnMoquetteIT {
    private static final int MESSAGES = 20_000;
    private static final long CATCH_UP_MS = 120_000;
    private static final int MOQUETTE_INFLIGHT_WINDOW = 10;

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireMoquette() {
        assumeTrue(MoquetteBroker.installed(), MoquetteBroker.MISSING);
    }

    @Test
    void noLossAndCaughtUpWithinTwoMinutesWhenTheWorkerIsKilledMidStream() throws Exception {
        String topic = "mqtt.moquette.crash";
        try (MoquetteBroker broker = MoquetteBroker.start();
             MqttPublisher publisher = MqttPublisher.mqtt311("127.0.0.1", broker.port())) {
            Map<String, String> config = MqttSourceIT.sourceConfig("crash/moquette", topic, broker.tcpUri());
            config.put("mqtt.version", "3");
            config.put("mqtt.shared.subscriptions", "false");
            WorkerCrash.Outcome outcome = WorkerCrash.assertNoLoss(workDir, "moquette-crash", config, topic, MESSAGES, new WorkerCrash.Source() {
                @Override
                public void awaitReceiving(String connector, EmbeddedKafkaCluster kafka) throws Exception {
                    MqttSourceIT.awaitSubscribed(kafka, publisher, "crash/moquette", topic);
                }

                @Override
                public CompletableFuture<?> publish(int count) {
                    return NumberedMessages.publishPaddedInBackground(publisher, "crash/moquette", count,
                            NumberedMessages.TELEMETRY_PAYLOAD_BYTES);
                }
            });
            System.out.printf("Moquette, MQTT 3.1.1: %d duplicates, caught up %d ms after the last publish%n",
                    outcome.duplicates(), outcome.catchUpMs());
            assertTrue(outcome.catchUpMs() <= CATCH_UP_MS, "caught up only " + outcome.catchUpMs() + " ms after the last publish");
            assertTrue(outcome.duplicates() <= MOQUETTE_INFLIGHT_WINDOW * outcome.interruptions(), outcome.duplicates()
                    + " duplicates, more than Moquette has in flight for each of the " + outcome.interruptions() + " times the task stopped");
        }
    }
}
