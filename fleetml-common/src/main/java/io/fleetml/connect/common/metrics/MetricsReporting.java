package io.fleetml.connect.common.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/** The two ways plugin metrics reach JMX; each is announced once at INFO, the first time a plugin uses it. */
enum MetricsReporting {
    WORKER("fleet-ml plugins report their metrics through the worker's plugin metrics (KIP-877)"),
    OWN_JMX("this Connect worker predates plugin metrics (KIP-877, Kafka 4.1): fleet-ml plugins register their metrics "
            + "on JMX themselves, as kafka.connect:type=plugins,connector=<connector>,task=<task> and, for a "
            + "transformation, with transformation=<its class, e.g. PiiMask.Value>");

    private static final Logger log = LoggerFactory.getLogger(MetricsReporting.class);

    private final String message;
    private final AtomicBoolean announced = new AtomicBoolean();

    MetricsReporting(String message) {
        this.message = message;
    }

    void announce() {
        if (announced.compareAndSet(false, true)) {
            log.info(message);
        }
    }
}
