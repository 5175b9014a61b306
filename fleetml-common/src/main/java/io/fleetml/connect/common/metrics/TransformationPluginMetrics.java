package io.fleetml.connect.common.metrics;

import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.function.Consumer;

/**
 * Gets a transformation's metrics registered on every worker. A 4.1+ worker hands a {@code Monitorable} transformation
 * its registry before the first record; an older one never does, and tells a transformation neither its connector nor
 * its alias, so on the first record without one the transformation registers on a registry of its own, tagged with the
 * task its thread works for and its class name in place of the alias ({@code PiiMask.Value}, then
 * {@code PiiMask.Value-2} for a second one in the same task).
 */
public final class TransformationPluginMetrics implements AutoCloseable {
    private final String name;
    private final Consumer<PluginMetrics> registration;
    /** Written before the task's thread starts (by the worker) or on it; read only on it. */
    private boolean registered;
    private OwnPluginMetrics owned;

    /** {@code registration} adds the transformation's metrics to the registry it is given. */
    public TransformationPluginMetrics(Class<?> transformation, Consumer<PluginMetrics> registration) {
        this.name = transformation.getName().substring(transformation.getName().lastIndexOf('.') + 1).replace('$', '.');
        this.registration = registration;
    }

    /** For {@code Monitorable.withPluginMetrics}: the worker's registry, tagged with the transformation's alias. */
    public void register(PluginMetrics fromWorker) {
        MetricsReporting.WORKER.announce();
        registration.accept(fromWorker);
        registered = true;
    }

    /** Call at the start of {@code apply}: a plain field read once registered. */
    public void beforeRecord() {
        if (!registered) {
            owned = OwnPluginMetrics.open(ConnectTaskThread.currentOrUnknown().tags(), "transformation", name);
            registration.accept(owned);
            registered = true;
        }
    }

    /** Removes a registry of the transformation's own; a record after a new {@code configure} registers again. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
            owned = null;
            registered = false;
        }
    }
}
