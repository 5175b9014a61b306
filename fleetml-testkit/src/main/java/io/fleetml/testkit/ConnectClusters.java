package io.fleetml.testkit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts real Kafka brokers and Connect workers in this JVM, on free loopback ports, with plugins loaded only from a
 * given {@code plugin.path}.
 */
public final class ConnectClusters {
    private ConnectClusters() {
    }

    /** A started cluster of {@code workers} Connect workers on one KRaft broker, discovering plugins by service manifests. */
    public static EmbeddedConnectCluster start(String name, int workers, Path pluginPath, Map<String, String> extraWorkerProps) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginPath.toAbsolutePath().toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.putAll(extraWorkerProps);
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .build();
        cluster.start();
        return cluster;
    }

    /** The cluster's REST API base URL, ending in a slash. */
    public static String restUrl(EmbeddedConnectCluster cluster) {
        String connectors = cluster.endpointForResource("connectors");
        return connectors.substring(0, connectors.length() - "connectors".length());
    }
}
