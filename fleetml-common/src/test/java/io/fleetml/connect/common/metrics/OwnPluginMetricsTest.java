package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transformation on a worker without plugin metrics (Connect below 4.1) registers its metrics itself, on the platform
 * MBean server, under the names a 4.1 worker would use but with its class in place of the alias it cannot know; on a
 * worker that hands it a registry it registers only there. Runs the transformation on a thread named as Connect names
 * task threads, which is all such a worker tells it.
 */
class OwnPluginMetricsTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private static final class Transform {
        long records;
        final TransformationPluginMetrics reporting = new TransformationPluginMetrics(Transform.class, this::register);

        void register(PluginMetrics metrics) {
            new PluginGauges(metrics).add("records-seen", "Records this transform saw.", () -> records);
        }

        void apply() {
            reporting.beforeRecord();
            records++;
        }
    }

    @Test
    void withoutAWorkerRegistryTheFirstRecordRegistersOnJmxUnderTheTaskAndClassName() throws Exception {
        Transform first = new Transform();
        Transform second = new Transform();
        onTaskThread("task-thread-fleet-telemetry-2", () -> {
            first.apply();
            first.apply();
            second.apply();
            return null;
        });
        ObjectName firstName = new ObjectName("kafka.connect:type=plugins,connector=fleet-telemetry,task=2,"
                + "transformation=OwnPluginMetricsTest.Transform");
        ObjectName secondName = new ObjectName("kafka.connect:type=plugins,connector=fleet-telemetry,task=2,"
                + "transformation=OwnPluginMetricsTest.Transform-2");
        assertEquals(2.0, JMX.getAttribute(firstName, "records-seen"));
        assertEquals(1.0, JMX.getAttribute(secondName, "records-seen"));

        first.reporting.close();
        second.reporting.close();
        assertFalse(JMX.isRegistered(firstName));
        assertFalse(JMX.isRegistered(secondName));
    }

    @Test
    void aRegistryFromTheWorkerIsUsedAndNothingIsRegisteredBesideIt() throws Exception {
        Transform transform = new Transform();
        try (Metrics worker = new Metrics()) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>(Map.of("connector", "fleet-payments", "task", "0",
                    "transformation", "pii"));
            transform.reporting.register(new PluginMetricsImpl(worker, tags));
            onTaskThread("task-thread-fleet-payments-0", () -> {
                transform.apply();
                return null;
            });
            assertEquals(1.0, worker.metrics().values().stream()
                    .filter(metric -> metric.metricName().name().equals("records-seen"))
                    .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue()).sum());
            assertTrue(JMX.queryNames(new ObjectName("kafka.connect:type=plugins,connector=fleet-payments,*"), null).isEmpty());
        }
    }

    @Test
    void aTaskWithoutPluginMetricsInItsContextRegistersUnderItsConnectorAndTaskId() throws Exception {
        TaskPluginMetrics task = onTaskThread("task-thread-fleet-gcs-1", () -> TaskPluginMetrics.of(new NoMetricsContext()));
        task.metrics().addMetric(task.metrics().metricName("objects-written", "Objects.", new LinkedHashMap<>()),
                (Measurable) (config, now) -> 7);
        ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=fleet-gcs,task=1");
        assertEquals(7.0, JMX.getAttribute(name, "objects-written"));
        task.close();
        assertFalse(JMX.isRegistered(name));
    }

    @Test
    void connectTaskThreadNamesAreReadWithDashesInTheConnectorName() throws Exception {
        assertEquals(Optional.of(new ConnectTaskThread("a-b-c", 12)), onTaskThread("task-thread-a-b-c-12", ConnectTaskThread::current));
        assertEquals(Optional.empty(), onTaskThread("task-thread-noid", ConnectTaskThread::current));
        assertEquals(Optional.empty(), onTaskThread("pool-1-thread-1", ConnectTaskThread::current));
    }

    /** A context of a worker whose task context offers no plugin metrics. */
    private static final class NoMetricsContext implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }

    private static <T> T onTaskThread(String name, Callable<T> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
        try {
            return thread.submit(work).get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
