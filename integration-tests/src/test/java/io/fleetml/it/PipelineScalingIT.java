package io.fleetml.it;

import io.fleetml.demo.CountedTraffic;
import io.fleetml.demo.FleetPipeline;
import io.fleetml.testkit.ConnectClusters;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.fleetml.it.PipelineChecks.PLAN;
import static io.fleetml.it.PipelineChecks.WAIT;
import static io.fleetml.it.PipelineChecks.assertBadInputHandled;
import static io.fleetml.it.PipelineChecks.assertEveryMessageOnceInGcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline of the connector files in {@code config-examples/local} on a 3-worker Connect cluster with three
 * tasks per connector: 20,000 telemetry readings over MQTT and 5,000 payments over Pub/Sub, malformed messages and
 * payments FraudScore cannot score mixed in, while a worker leaves mid-stream and another joins. Every message is in GCS
 * exactly once, by its identity ((VIN pseudonym, ts) for telemetry, payment_id for payments); malformed messages are in
 * the errors topics; unscoreable payments pass with the reason in a header; no planted personal data is in any Kafka
 * topic or GCS object; and every connector still runs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PipelineScalingIT {
    private static final int WORKERS = 3;
    private static final int TASKS = 3;

    @TempDir
    Path workDir;

    @Test
    void everyMessageIsInGcsOnceWhileAWorkerLeavesAndAnotherJoins() throws Exception {
        try (FleetPipeline pipeline = FleetPipeline.start(workDir, Path.of("..", "config-examples", "local"), System.out)) {
            pipeline.publishModel(PaymentsModel.path());
            Map<String, String> workerProps = new HashMap<>(FleetPipeline.workerProps());
            // The tasks of a worker that left are reassigned after this delay (default five minutes).
            workerProps.put("scheduled.rebalance.max.delay.ms", "3000");
            EmbeddedConnectCluster connect = ConnectClusters.start("pipeline-scaling", WORKERS, Bundle.pluginPath(), workerProps);
            try {
                pipeline.createTopics(connect.kafka(), TASKS);
                List<String> connectors = pipeline.createConnectors(ConnectClusters.restUrl(connect), TASKS);
                awaitAllTasksRunning(connect, connectors);
                pipeline.awaitMqttSubscriptions(TASKS, WAIT);
                assertEquals(WORKERS, workersRunningTasks(connect, connectors).size(),
                        "the 12 tasks are spread over every worker");

                CountedTraffic traffic = pipeline.traffic(PLAN).start();
                pipeline.awaitRecords(connect.kafka(), FleetPipeline.TELEMETRY_TOPIC, PLAN.telemetry() / 4, WAIT);
                WorkerHandle leaving = connect.workers().iterator().next();
                String leavingPort = ":" + leaving.url().getPort();
                connect.removeWorker(leaving);
                connect.addWorker();
                traffic.awaitSent(WAIT);
                awaitAllTasksRunning(connect, connectors);

                FleetPipeline.Delivery delivery = pipeline.awaitDelivery(connect.kafka(), traffic, WAIT);
                System.out.println("pipeline on " + WORKERS + " workers, the one on port" + leavingPort + " left and one joined: " + delivery);
                assertEveryMessageOnceInGcs(delivery, traffic);
                assertBadInputHandled(delivery, pipeline, traffic);
                assertEquals(Set.of(), delivery.leaks());
                assertTrue(workersRunningTasks(connect, connectors).stream().noneMatch(id -> id.endsWith(leavingPort)),
                        "no task is left on the worker that left");
            } finally {
                connect.stop();
            }
        }
    }

    private static void awaitAllTasksRunning(EmbeddedConnectCluster connect, List<String> connectors) throws InterruptedException {
        for (String connector : connectors) {
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, TASKS,
                    "connector " + connector + " and its " + TASKS + " tasks run");
        }
    }

    private static Set<String> workersRunningTasks(EmbeddedConnectCluster connect, List<String> connectors) {
        Set<String> workers = new TreeSet<>();
        for (String connector : connectors) {
            for (ConnectorStateInfo.TaskState task : connect.connectorStatus(connector).tasks()) {
                workers.add(task.workerId());
            }
        }
        return workers;
    }
}
