package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * The registry a source or sink task puts its metrics in: the one its context offers on a 4.1+ worker
 * ({@code pluginMetrics()}, KIP-877), otherwise one of the task's own on JMX under the same names. The context method is
 * looked up rather than called, so the task links on workers that lack it.
 */
public final class TaskPluginMetrics implements AutoCloseable {
    private static final MethodHandle SOURCE_CONTEXT = pluginMetricsOf(SourceTaskContext.class);
    private static final MethodHandle SINK_CONTEXT = pluginMetricsOf(SinkTaskContext.class);

    private final PluginMetrics metrics;
    /** Null when the worker owns the registry and closes it with the task. */
    private final OwnPluginMetrics owned;

    private TaskPluginMetrics(PluginMetrics metrics, OwnPluginMetrics owned) {
        this.metrics = metrics;
        this.owned = owned;
    }

    /** Call from the task's {@code start}, which runs on the task's thread. */
    public static TaskPluginMetrics of(SourceTaskContext context) {
        return of(SOURCE_CONTEXT, context);
    }

    /** Call from the task's {@code start}, which runs on the task's thread. */
    public static TaskPluginMetrics of(SinkTaskContext context) {
        return of(SINK_CONTEXT, context);
    }

    private static TaskPluginMetrics of(MethodHandle pluginMetrics, Object context) {
        PluginMetrics fromWorker = pluginMetrics == null ? null : invoke(pluginMetrics, context);
        if (fromWorker != null) {
            MetricsReporting.WORKER.announce();
            return new TaskPluginMetrics(fromWorker, null);
        }
        ConnectTaskThread thread = ConnectTaskThread.currentOrUnknown();
        OwnPluginMetrics own = OwnPluginMetrics.open(Map.of("connector", thread.connector()), "task",
                Integer.toString(thread.task()));
        return new TaskPluginMetrics(own, own);
    }

    public PluginMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    private static MethodHandle pluginMetricsOf(Class<?> contextType) {
        try {
            return MethodHandles.publicLookup().findVirtual(contextType, "pluginMetrics", MethodType.methodType(PluginMetrics.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeKafka41) {
            return null;
        }
    }

    private static PluginMetrics invoke(MethodHandle pluginMetrics, Object context) {
        try {
            return (PluginMetrics) pluginMetrics.invoke(context);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("pluginMetrics() of the task context failed", e);
        }
    }
}
