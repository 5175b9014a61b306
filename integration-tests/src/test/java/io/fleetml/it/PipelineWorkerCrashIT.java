package io.fleetml.it;

import io.fleetml.demo.CountedTraffic;
import io.fleetml.demo.FleetPipeline;
import io.fleetml.testkit.connect.ConnectWorkerProcess;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.fleetml.it.PipelineChecks.PLAN;
import static io.fleetml.it.PipelineChecks.WAIT;
import static io.fleetml.it.PipelineChecks.assertBadInputHandled;
import static io.fleetml.it.PipelineChecks.assertEveryMessageOnceInGcs;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pipeline of {@code config-examples/local} on two Connect workers, each in its own JVM, while 20,000 telemetry
 * readings and 5,000 payments stream in: the worker running the MQTT telemetry source is killed (SIGKILL: no task stop,
 * no acknowledgement, no offset commit) and a new worker starts. The sources redeliver what they had not acknowledged,
 * so Kafka may hold some messages twice; the sinks' message-identity deduplication keeps GCS at exactly one row per
 * message, with nothing lost and no planted personal data anywhere.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PipelineWorkerCrashIT {
    private static final String GROUP = "pipeline-crash";

    @TempDir
    Path workDir;

    @Test
    void everyMessageIsInGcsOnceWhenAWorkerIsKilledMidStream() throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        try (FleetPipeline pipeline = FleetPipeline.start(workDir, Path.of("..", "config-examples", "local"), System.out)) {
            pipeline.publishModel(PaymentsModel.path());
            pipeline.createTopics(kafka, 1);
            CompletableFuture<ConnectWorkerProcess> second = CompletableFuture.supplyAsync(() -> startWorker(kafka));
            workers.add(startWorker(kafka));
            workers.add(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

            List<String> connectors = pipeline.createConnectors(workers.get(0).restUri() + "/", 1);
            for (String connector : connectors) {
                workers.get(0).awaitTaskRunning(connector, null, WAIT);
            }
            pipeline.awaitMqttSubscriptions(1, WAIT);

            CountedTraffic traffic = pipeline.traffic(PLAN).start();
            pipeline.awaitRecords(kafka, FleetPipeline.TELEMETRY_TOPIC, PLAN.telemetry() / 4, WAIT);
            String telemetrySource = connectors.get(0);
            String victimId = workers.get(0).connectorStatus(telemetrySource).path("tasks").get(0).path("worker_id").asText();
            ConnectWorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(victimId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no worker " + victimId + " runs " + telemetrySource));
            victim.kill();
            workers.remove(victim);
            workers.add(startWorker(kafka));

            workers.get(0).awaitTaskRunning(telemetrySource, victimId, WAIT);
            traffic.awaitSent(WAIT);
            for (String connector : connectors) {
                workers.get(0).awaitTaskRunning(connector, victimId, WAIT);
            }
            FleetPipeline.Delivery delivery = pipeline.awaitDelivery(kafka, traffic, WAIT);
            System.out.printf("pipeline with worker %s killed mid-stream: %s; %d readings and %d payments twice in Kafka%n",
                    victimId, delivery, delivery.kafkaRecords(FleetPipeline.TELEMETRY_TOPIC) - PLAN.telemetry(),
                    delivery.kafkaRecords(FleetPipeline.PAYMENTS_TOPIC) - PLAN.payments());
            assertEveryMessageOnceInGcs(delivery, traffic);
            assertBadInputHandled(delivery, pipeline, traffic);
            assertEquals(Set.of(), delivery.leaks());
        } finally {
            workers.forEach(ConnectWorkerProcess::close);
            kafka.stop();
        }
    }

    private ConnectWorkerProcess startWorker(EmbeddedKafkaCluster kafka) {
        Map<String, String> props = new HashMap<>(FleetPipeline.workerProps());
        // The tasks of a worker that left are reassigned after this delay (default five minutes).
        props.put("scheduled.rebalance.max.delay.ms", "3000");
        return ConnectWorkerProcess.start(kafka.bootstrapServers(), GROUP, Bundle.pluginPath(), workDir.resolve("workers"), props);
    }
}
