package io.fleetml.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every connector config in {@code config-examples/} is what users POST first, so each one goes to a real worker's
 * {@code PUT /connector-plugins/{class}/config/validate}, as it would in production, and must come back with zero
 * errors: the worker checks the connector's own settings, the transform chain and the predicates against the plugins it
 * loaded from the archives on {@code plugin.path} (MirrorMaker 2 comes with Kafka, on the worker's classpath). The
 * worker example must consist of settings a distributed worker knows.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConfigExamplesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Worker settings passed on to the clients or plugins by prefix, which DistributedConfig does not declare. */
    private static final List<String> WORKER_PREFIXES = List.of("config.providers.", "producer.", "consumer.", "admin.",
            "key.converter.", "value.converter.", "header.converter.", "listeners.https.");

    private static final String FILE_PROVIDER_ALLOWED_PATHS = "config.providers.file.param.allowed.paths";

    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startWorker() {
        connect = ConnectClusters.start("config-examples-it", 1, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stopWorker() {
        if (connect != null) {
            connect.stop();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConnectorExampleValidatesWithZeroErrors() {
        return ConnectorExamples.files().stream().map(file -> DynamicTest.dynamicTest(
                ConnectorExamples.DIR.relativize(file).toString(), () -> validate(file)));
    }

    private static void validate(Path file) throws IOException {
        Map<String, String> config = ConnectorExamples.config(file);
        Response response = connect.requestPut(connect.endpointForResource("connector-plugins/"
                + ConnectorExamples.connectorClass(config) + "/config/validate"), JSON.writeValueAsString(config));
        String body = response.getEntity().toString();
        assertEquals(200, response.getStatus(), file + ": " + body);
        ConnectorExamples.assertNoErrors(file, JSON.readTree(body));
    }

    @Test
    void workerExampleUsesOnlySettingsADistributedWorkerKnows(@TempDir Path secrets) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ConnectorExamples.DIR.resolve("connect-distributed.properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> props = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> props.put(key, properties.getProperty(key)));
        // The worker configures its config providers when it parses its settings, and the file provider insists that
        // its allowed paths exist; this machine has no /etc/kafka-connect.
        props.put(FILE_PROVIDER_ALLOWED_PATHS, secrets.toString());
        // Parsing checks every declared setting's type and validator; values() holds exactly the declared ones.
        Set<String> declared = new DistributedConfig(props).values().keySet();
        List<String> unknown = props.keySet().stream()
                .filter(key -> !declared.contains(key))
                .filter(key -> WORKER_PREFIXES.stream().noneMatch(key::startsWith))
                .sorted().toList();
        assertTrue(unknown.isEmpty(), "connect-distributed.properties has settings no worker reads: " + unknown);
        assertFalse(props.isEmpty());
    }
}
