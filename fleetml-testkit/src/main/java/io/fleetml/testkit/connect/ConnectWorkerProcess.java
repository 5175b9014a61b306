package io.fleetml.testkit.connect;

import io.fleetml.testkit.LocalResources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real distributed Connect worker in a JVM of its own, so a test can kill it the way a machine dies: no task stop, no
 * final offset commit, no disconnect. Workers started with the same group id form one cluster on the given Kafka. The
 * child runs on this JVM's class path and loads plugins from {@code plugin.path} as a deployed worker does.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;
    /** A test that fails before closing the worker must not leave its JVM running beyond its own. */
    private final Thread killOnExit;

    private ConnectWorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "connect-worker-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a worker of cluster {@code groupId} and returns once its REST API answers. The internal topics are named
     * after the group; {@code extraProps} override any worker setting.
     */
    public static ConnectWorkerProcess start(String bootstrapServers, String groupId, Path pluginPath, Path workDir,
                                             Map<String, String> extraProps) {
        try {
            Files.createDirectories(workDir);
            int port = LocalResources.freePort();
            Properties props = new Properties();
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
            props.put("listeners", "http://" + HOST + ":" + port);
            props.put("rest.advertised.host.name", HOST);
            props.put("rest.advertised.port", Integer.toString(port));
            props.put("plugin.path", pluginPath.toAbsolutePath().toString());
            props.put("plugin.discovery", "service_load");
            props.put("offset.flush.interval.ms", "1000");
            props.putAll(extraProps);
            Path config = workDir.resolve("worker-" + port + ".properties");
            try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(out, "Connect worker " + port + " of " + groupId);
            }
            Path log = workDir.resolve("worker-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ConnectWorkerProcess worker = new ConnectWorkerProcess(process, port, log);
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
