package io.fleetml.testkit.connect;

import io.fleetml.testkit.LocalResources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real distributed Connect worker in a JVM of its own, so a test can kill it the way a machine dies: no task stop, no
 * final offset commit, no disconnect. Workers started with the same group id form one cluster on the given Kafka. The
 * child runs on this JVM's class path, or on the jars of another Kafka version's distribution, and loads plugins from
 * {@code plugin.path} as a deployed worker does.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Queue<Path> LOG_FILES = new ConcurrentLinkedQueue<>();

    private final Process process;
    private final int port;
    private final Path log;
    /** The child's remote JMX port, or 0 if it has none. */
    private final int jmxPort;
    /** A test that fails before closing the worker must not leave its JVM running beyond its own. */
    private final Thread killOnExit;
    private JMXConnector jmx;

    private ConnectWorkerProcess(Process process, int port, Path log, int jmxPort) {
        this.process = process;
        this.port = port;
        this.log = log;
        LOG_FILES.add(log);
        this.jmxPort = jmxPort;
        this.killOnExit = new Thread(process::destroyForcibly, "connect-worker-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a worker of cluster {@code groupId} on this JVM's class path and returns once its REST API answers. The
     * internal topics are named after the group; {@code extraProps} override any worker setting.
     */
    public static ConnectWorkerProcess start(String bootstrapServers, String groupId, Path pluginPath, Path workDir,
                                             Map<String, String> extraProps) {
        return launch(bootstrapServers, groupId, pluginPath, workDir).props(extraProps).start();
    }

    /** A worker like {@link #start}'s, to be given another class path or remote JMX before it starts. */
    public static Launch launch(String bootstrapServers, String groupId, Path pluginPath, Path workDir) {
        return new Launch(bootstrapServers, groupId, pluginPath, workDir);
    }

    /** How {@link #launch} starts a worker: its settings, its class path, whether it exposes JMX. */
    public static final class Launch {
        private final String groupId;
        private final Path workDir;
        private final Properties props = new Properties();
        private String classPath = System.getProperty("java.class.path");
        private boolean exposeJmx;

        private Launch(String bootstrapServers, String groupId, Path pluginPath, Path workDir) {
            this.groupId = groupId;
            this.workDir = workDir;
            props.put("bootstrap.servers", bootstrapServers);
            props.put("group.id", groupId);
            props.put("config.storage.topic", groupId + "-configs");
            props.put("offset.storage.topic", groupId + "-offsets");
            props.put("status.storage.topic", groupId + "-status");
            props.put("config.storage.replication.factor", "1");
            props.put("offset.storage.replication.factor", "1");
            props.put("status.storage.replication.factor", "1");
            props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            props.put("plugin.path", pluginPath.toAbsolutePath().toString());
            props.put("plugin.discovery", "service_load");
            props.put("offset.flush.interval.ms", "1000");
        }

        /** Worker settings, overriding any set before. */
        public Launch props(Map<String, String> extraProps) {
            props.putAll(extraProps);
            return this;
        }

        /** Runs the worker on the jars in {@code libDir} (a Kafka distribution's libraries) instead of this JVM's class path. */
        public Launch classPath(Path libDir) {
            if (!Files.isDirectory(libDir)) {
                throw new IllegalArgumentException("no directory of worker jars at " + libDir.toAbsolutePath());
            }
            classPath = libDir.toAbsolutePath() + File.separator + "*";
            return this;
        }

        /** Exposes the worker JVM's MBeans over remote JMX on a free loopback port, for {@link #mbeans}. */
        public Launch jmx() {
            exposeJmx = true;
            return this;
        }

        /** Starts the worker and returns once its REST API answers. */
        public ConnectWorkerProcess start() {
            try {
                Files.createDirectories(workDir);
                int port = LocalResources.freePort();
                Properties config = new Properties();
                config.put("listeners", "http://" + HOST + ":" + port);
                config.put("rest.advertised.host.name", HOST);
                config.put("rest.advertised.port", Integer.toString(port));
                config.putAll(props);
                Path configFile = workDir.resolve("worker-" + port + ".properties");
                try (var out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                    config.store(out, "Connect worker " + port + " of " + groupId);
                }
                Path log = workDir.resolve("worker-" + port + ".log");
                int jmxPort = exposeJmx ? LocalResources.freePort() : 0;
                Process process = new ProcessBuilder(command(configFile, jmxPort)).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                ConnectWorkerProcess worker = new ConnectWorkerProcess(process, port, log, jmxPort);
                try {
                    worker.awaitRestApi();
                } catch (RuntimeException e) {
                    worker.close();
                    throw e;
                }
                return worker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code connect-distributed.sh} in short; with a JMX port, the JVM's MBeans listen on it, on loopback only. */
        private List<String> command(Path configFile, int jmxPort) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", classPath));
            if (jmxPort != 0) {
                command.addAll(List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.host=" + HOST,
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        "-Djava.rmi.server.hostname=" + HOST));
            }
            command.addAll(List.of("org.apache.kafka.connect.cli.ConnectDistributed", configFile.toString()));
            return command;
        }
    }

    /** How the cluster names this worker in connector and task status. */
    public String workerId() {
        return HOST + ":" + port;
    }

    public URI restUri() {
        return URI.create("http://" + HOST + ":" + port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the worker gets no chance to stop its tasks or commit anything. */
    /** The log file of every worker this JVM started, for checks over everything the workers wrote. */
    public static List<Path> logFiles() {
        return List.copyOf(LOG_FILES);
    }

    public void kill() {
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
    }

    /** Creates or updates a connector through this worker's REST API. */
    public void configureConnector(String name, Map<String, String> config) {
        send(HttpRequest.newBuilder(restUri().resolve("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(config))), 201, 200);
    }

    /** The connector's status document ({@code connector}, {@code tasks[]} with state and worker_id), or null if unknown. */
    public JsonNode connectorStatus(String name) {
        HttpResponse<String> response = request(HttpRequest.newBuilder(restUri().resolve("/connectors/" + name + "/status")).GET());
        if (response.statusCode() == 404) {
            return null;
        }
        return read(response, 200);
    }

    /** The worker's {@code GET /}: its Kafka {@code version}, {@code commit} and {@code kafka_cluster_id}. */
    public JsonNode serverInfo() {
        return send(HttpRequest.newBuilder(restUri().resolve("/")).GET(), 200);
    }

    /** Every plugin the worker loaded, transformations, predicates and converters included: {@code class}, {@code type}, {@code version}. */
    public JsonNode plugins() {
        return send(HttpRequest.newBuilder(restUri().resolve("/connector-plugins?connectorsOnly=false")).GET(), 200);
    }

    /** The worker's verdict on a connector config ({@code error_count}, {@code configs[]}), without creating the connector. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        return send(HttpRequest.newBuilder(restUri().resolve("/connector-plugins/" + connectorClass + "/config/validate"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(config))), 200);
    }

    /** The worker JVM's MBeans over remote JMX; the worker must have been launched with {@link Launch#jmx}. */
    public synchronized MBeanServerConnection mbeans() {
        if (jmxPort == 0) {
            throw new IllegalStateException("worker " + workerId() + " was started without remote JMX");
        }
        try {
            if (jmx == null) {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + HOST + ":" + jmxPort + "/jmxrmi"));
            }
            return jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new UncheckedIOException("JMX of worker " + workerId() + " did not answer", e);
        }
    }

    /**
     * Waits until task 0 of the connector is RUNNING on a worker other than {@code notOn} (null: any worker) and returns
     * that worker's id, asking this worker's REST API; a FAILED task ends the wait with its trace.
     */
    public String awaitTaskRunning(String connector, String notOn, Duration timeout) {
        JsonNode task = awaitTask(connector, "RUNNING on a live worker", timeout, candidate -> {
            if ("FAILED".equals(candidate.path("state").asText())) {
                throw new IllegalStateException("task 0 of " + connector + " failed: " + candidate.path("trace").asText());
            }
            return "RUNNING".equals(candidate.path("state").asText())
                    && !candidate.path("worker_id").asText().equals(notOn);
        });
        return task.path("worker_id").asText();
    }

    /**
     * Waits until task 0 of the connector is FAILED and returns its trace, asking this worker's REST API: for settings
     * that pass validation but fail the task when it starts.
     */
    public String awaitTaskFailed(String connector, Duration timeout) {
        JsonNode task = awaitTask(connector, "FAILED", timeout, candidate -> "FAILED".equals(candidate.path("state").asText()));
        return task.path("trace").asText();
    }

    private JsonNode awaitTask(String connector, String awaited, Duration timeout, Predicate<JsonNode> reached) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = connectorStatus(connector);
            JsonNode task = status == null ? null : status.path("tasks").path(0);
            if (task != null && !task.isMissingNode() && reached.test(task)) {
                return task;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("task 0 of " + connector + " is not " + awaited + " after " + timeout
                        + "; last status " + status + "; worker log " + log);
            }
            pause();
        }
    }

    /** Graceful stop (SIGTERM), then a kill if the worker does not exit in time. */
    @Override
    public void close() {
        closeJmx();
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(STOP_TIMEOUT)) {
                kill();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing left to remove.
        }
    }

    private synchronized void closeJmx() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException workerGone) {
                // The connection ends with the worker anyway.
            }
            jmx = null;
        }
    }

    private void awaitRestApi() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Connect worker exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(restUri().resolve("/connectors"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST server is not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new IllegalStateException("Connect worker did not answer on " + restUri() + " within " + START_TIMEOUT + "; see " + log);
            }
            pause();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(HttpRequest.Builder request, int... expected) {
        HttpResponse<String> response = request(request);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return read(response, status);
            }
        }
        throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " answered "
                + response.statusCode() + ": " + response.body());
    }

    /** Connect answers 409 while the group rebalances; such requests are retried until the timeout. */
    private static HttpResponse<String> request(HttpRequest.Builder request) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 409 || System.nanoTime() - deadline > 0) {
                    return response;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
    }

    private static JsonNode read(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("REST answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
