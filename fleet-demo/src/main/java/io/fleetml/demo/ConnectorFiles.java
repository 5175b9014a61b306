package io.fleetml.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The connector files of {@code config-examples/local}, POSTed to the Connect REST API as a user would with
 * {@code curl -X POST -H 'Content-Type: application/json' --data @file http://host:port/connectors}. The files name
 * fixed local endpoints; where the running stack listens elsewhere, only those endpoint values are replaced (tests also
 * replace the PII key file and tasks.max this way), and each replacement is printed.
 */
final class ConnectorFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Map<String, String> endpoints;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    /**
     * @param endpoints this run's value per setting (mostly where a local server listens), matched on the key's last part
     *                  so that a transform's own {@code transforms.fraud.gcs.endpoint} is replaced like the sink's
     *                  {@code gcs.endpoint}
     */
    ConnectorFiles(Path dir, Map<String, String> endpoints, PrintStream out) {
        this.dir = dir;
        this.endpoints = Map.copyOf(endpoints);
        this.out = out;
    }

    /** POSTs {@code file} to {@code restUrl}/connectors and returns the connector's name. */
    String post(String file, String restUrl) {
        return post(file, restUrl, Map.of());
    }

    /** Like {@link #post(String, String)}, with {@code settings} added to the file's config; each one is printed. */
    String post(String file, String restUrl, Map<String, String> settings) {
        Path path = dir.resolve(file);
        ObjectNode body = read(path);
        if (!(body.get("config") instanceof ObjectNode config) || !body.hasNonNull("name")) {
            throw new IllegalArgumentException(path + ": expected {\"name\": ..., \"config\": {...}} as the REST API takes it");
        }
        substituteEndpoints(file, config);
        settings.forEach((key, value) -> {
            config.put(key, value);
            out.println("  " + file + ": " + key + "=" + value + " added");
        });
        String name = body.get("name").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + "connectors"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST " + file + " to " + restUrl + "connectors answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + file + " to " + restUrl + "connectors failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while POSTing " + file, e);
        }
        out.println("POST " + restUrl + "connectors  " + dir.resolve(file) + "  -> connector " + name);
        return name;
    }

    private void substituteEndpoints(String file, ObjectNode config) {
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            String key = field.getKey();
            for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                if (key.equals(endpoint.getKey()) || key.endsWith("." + endpoint.getKey())) {
                    String was = field.getValue().asText();
                    if (!was.equals(endpoint.getValue())) {
                        config.put(key, endpoint.getValue());
                        out.println("  " + file + ": " + key + " " + was + " -> " + endpoint.getValue()
                                + " (this run's value)");
                    }
                }
            }
        }
    }

    private static ObjectNode read(Path path) {
        try {
            JsonNode node = JSON.readTree(Files.readString(path));
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(path + ": not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector file " + path, e);
        }
    }
}
