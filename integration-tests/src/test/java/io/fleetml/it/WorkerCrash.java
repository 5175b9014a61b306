package io.fleetml.it;

import io.fleetml.testkit.connect.ConnectWorkerProcess;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The no-loss check every source connector must pass: two Connect workers, each in its own JVM, run the connector's
 * single task; while numbered messages stream in, the JVM of the worker running the task is killed (SIGKILL: no task
 * stop, no acknowledgement, no disconnect) and a new worker starts. Every message must reach Kafka; duplicates and
 * how long Kafka took to have every message after the last one was published are measured and returned.
 */
final class WorkerCrash {
    private static final long WAIT_MS = 180_000;
    /** A task of a worker that left is reassigned after this delay (default five minutes). */
    private static final Map<String, String> WORKER_PROPS = Map.of("scheduled.rebalance.max.delay.ms", "3000");

    /** The source side of the scenario. */
    interface Source {
        /** Returns once the connector's task receives what {@link #publish} sends; it may probe through Kafka. */
        void awaitReceiving(String connector, EmbeddedKafkaCluster kafka) throws Exception;

        /** Publishes numbered messages "m-0" … "m-(count-1)" while the test kills a worker. */
        CompletableFuture<?> publish(int count);
    }

    /**
     * What a no-loss run measured. {@code interruptions} counts how often the task stopped with work in flight: the kill,
     * and once more when the rebalance after the new worker joined moved the task there (a stop that Connect cancels
     * after {@code task.shutdown.graceful.timeout.ms} leaves in-flight messages unacknowledged too).
     */
    record Outcome(int duplicates, long catchUpMs, int interruptions) {
    }

    private WorkerCrash() {
    }

    static Outcome assertNoLoss(Path workDir, String connector, Map<String, String> config, String topic, int messages, Source source)
            throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        try {
            kafka.createTopic(topic, 1);
            CompletableFuture<ConnectWorkerProcess> second = CompletableFuture.supplyAsync(() -> startWorker(kafka, connector, workDir));
            workers.add(startWorker(kafka, connector, workDir));
            workers.add(second.get(WAIT_MS, TimeUnit.MILLISECONDS));

            workers.get(0).configureConnector(connector, config);
            String runningOn = workers.get(0).awaitTaskRunning(connector, null, Duration.ofMillis(WAIT_MS));
            source.awaitReceiving(connector, kafka);

            CompletableFuture<?> publishing = source.publish(messages);
            kafka.consume(messages / 5, WAIT_MS, topic);
            ConnectWorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(runningOn)).findFirst()
                    .orElseThrow(() -> new AssertionError("no worker " + runningOn));
            victim.kill();
            workers.remove(victim);
            workers.add(startWorker(kafka, connector, workDir));

            String survivor = workers.get(0).awaitTaskRunning(connector, runningOn, Duration.ofMillis(WAIT_MS));
            publishing.get(WAIT_MS, TimeUnit.MILLISECONDS);
            long published = System.nanoTime();
            int duplicates = NumberedMessages.assertAllArrived(kafka, topic, messages, WAIT_MS);
            long catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            String finallyOn = workers.get(0).awaitTaskRunning(connector, null, Duration.ofMillis(WAIT_MS));
            System.out.printf("task moved from killed worker %s to %s, finally on %s; %d duplicates; every message in Kafka %d ms "
                    + "after the last was published%n", runningOn, survivor, finallyOn, duplicates, catchUpMs);
            return new Outcome(duplicates, catchUpMs, finallyOn.equals(survivor) ? 1 : 2);
        } finally {
            workers.forEach(ConnectWorkerProcess::close);
            kafka.stop();
        }
    }

    private static ConnectWorkerProcess startWorker(EmbeddedKafkaCluster kafka, String connector, Path workDir) {
        return ConnectWorkerProcess.start(kafka.bootstrapServers(), connector + "-it", Bundle.pluginPath(), workDir, WORKER_PROPS);
    }
}
