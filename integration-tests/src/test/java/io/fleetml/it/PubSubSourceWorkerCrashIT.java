package io.fleetml.it;

import io.fleetml.testkit.pubsub.PubSubEmulator;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Connect worker running the Pub/Sub source task dies mid-stream (SIGKILL of its JVM: no task stop, no nack, no
 * ack of what its producer had written) and is started again: Pub/Sub redelivers every message the dead task held once
 * its lease runs out, to the task's next incarnation on the surviving worker, so all N messages reach Kafka. The
 * connector runs with its default settings (only the emulator's endpoint is set), since those are what users run.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PubSubSourceWorkerCrashIT {
    private static final int MESSAGES = 10_000;
    /**
     * The documented worst case after a crash is one lease extension step (10 s by default) after Connect restarted the
     * task; on top come the worker's restart and the emulator, which ignores the client's flow control and hands out a
     * backlog larger than it in waves one step apart (63 s measured with the machine's load at 20).
     */
    private static final long CATCH_UP_MS = 120_000;
    private static final String TOPIC = "pubsub.noloss.crash";

    @TempDir
    Path workDir;

    @Test
    void noMessageIsLostWhenTheWorkerRunningTheTaskIsKilled() throws Exception {
        Assumptions.assumeTrue(PubSubEmulator.available(), PubSubEmulator::unavailableReason);
        try (PubSubEmulator pubsub = PubSubEmulator.start()) {
            pubsub.createTopic("crash");
            pubsub.createSubscription("crash-sub", "crash");
            WorkerCrash.Outcome outcome = WorkerCrash.assertNoLoss(workDir, "pubsub-crash", pubsub.sourceConnectorConfig("crash-sub", TOPIC), TOPIC,
                    MESSAGES, new WorkerCrash.Source() {
                        @Override
                        public void awaitReceiving(String connector, EmbeddedKafkaCluster kafka) {
                            // The subscription keeps what is published before the task's stream opens.
                        }

                        @Override
                        public CompletableFuture<?> publish(int count) {
                            return CompletableFuture.supplyAsync(() -> pubsub.publishAll("crash", PubSubSourceIT.numbered("m-", count)));
                        }
                    });
            assertTrue(outcome.catchUpMs() <= CATCH_UP_MS, "every message in Kafka only " + outcome.catchUpMs()
                    + " ms after the last publish");
        }
    }
}
