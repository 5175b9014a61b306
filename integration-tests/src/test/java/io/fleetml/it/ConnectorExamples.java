package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector files of {@code config-examples/} (every JSON file, in any folder, whose {@code config} names a
 * {@code connector.class}) as a worker's {@code PUT /connector-plugins/{class}/config/validate} takes them, and the
 * check that a worker found no error in one.
 */
final class ConnectorExamples {
    static final Path DIR = Path.of("..", "config-examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorExamples() {
    }

    static List<Path> files() {
        List<Path> connectors = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(DIR)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (JSON.readTree(file.toFile()).path("config").has("connector.class")) {
                    connectors.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(connectors.size() >= 5, "expected the connector examples in " + DIR.toAbsolutePath() + ", found " + connectors);
        return connectors;
    }

    /** The file's config with its name inside, as validate takes it (POST /connectors takes the name beside the config). */
    static Map<String, String> config(Path file) throws IOException {
        JsonNode example = JSON.readTree(file.toFile());
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : example.get("config").properties()) {
            assertTrue(e.getValue().isTextual(), file + ": " + e.getKey() + " must be a JSON string, as the REST API expects");
            config.put(e.getKey(), e.getValue().asText());
        }
        config.put("name", example.path("name").asText());
        return config;
    }

    static String connectorClass(Map<String, String> config) {
        return config.get("connector.class");
    }

    /** Asserts that a validate answer for {@code file} reports no error, naming each setting that has one. */
    static void assertNoErrors(Path file, JsonNode validation) {
        List<String> errors = new ArrayList<>();
        for (JsonNode value : validation.path("configs")) {
            JsonNode messages = value.path("value").path("errors");
            if (!messages.isEmpty()) {
                errors.add(value.path("value").path("name").asText() + ": " + messages);
            }
        }
        assertEquals(0, validation.path("error_count").asInt(), file + " has errors: " + errors);
        assertTrue(errors.isEmpty(), file + " has errors: " + errors);
    }
}
