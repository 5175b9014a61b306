package io.fleetml.it;

import org.apache.kafka.test.TestUtils;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugins' counters as a worker reports them on JMX (as doubles), read from its MBean server: this JVM's for a
 * worker embedded here, the worker's JVM over remote JMX otherwise. A count that is missing names the plugin beans
 * there are, so a wrong object name shows at once.
 */
final class JmxCounts {
    private final MBeanServerConnection server;

    JmxCounts(MBeanServerConnection server) {
        this.server = server;
    }

    long count(ObjectName bean, String attribute) {
        try {
            return Math.round(((Number) server.getAttribute(bean, attribute)).doubleValue());
        } catch (JMException e) {
            throw new AssertionError("no attribute " + attribute + " on " + bean + "; plugin beans: " + pluginBeans(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the count is {@code expected}; a bean not registered yet is waited for too. */
    void await(ObjectName bean, String attribute, long expected, long timeoutMs) throws InterruptedException {
        TestUtils.waitForCondition(() -> count(bean, attribute) == expected, timeoutMs,
                () -> bean + " " + attribute + " did not reach " + expected + ": " + describe(bean, attribute));
    }

    private String describe(ObjectName bean, String attribute) {
        try {
            return Long.toString(count(bean, attribute));
        } catch (AssertionError | UncheckedIOException e) {
            return e.getMessage();
        }
    }

    private Set<String> pluginBeans() {
        Set<String> names = new TreeSet<>();
        try {
            server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null).forEach(n -> names.add(n.toString()));
        } catch (JMException | IOException e) {
            names.add("query failed: " + e);
        }
        return names;
    }
}
