package io.fleetml.connect.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetml.connect.fraud.FraudScore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The files in config-examples ship in the archive's etc/ and are what users copy first, so every key in them must be
 * one the plugin (or the Connect framework) knows, and the values must pass the plugin's own validation. A typo in an
 * example would otherwise be silently ignored by the worker.
 */
class ExampleConfigsTest {
    private static final Path EXAMPLES = Path.of("..", "config-examples");

    /** Keys the worker itself reads for every connector; the plugin's ConfigDef does not declare them. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("name", "connector.class", "tasks.max", "topics", "topics.regex",
            "key.converter", "value.converter", "header.converter", "transforms", "predicates", "errors.tolerance",
            "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.log.enable", "errors.log.include.messages",
            "errors.deadletterqueue.topic.name", "errors.deadletterqueue.topic.replication.factor",
            "errors.deadletterqueue.context.headers.enable", "topic.creation.groups", "exactly.once.support",
            "transaction.boundary", "offsets.storage.topic");
    private static final List<String> FRAMEWORK_PREFIXES = List.of("key.converter.", "value.converter.",
            "header.converter.", "producer.override.", "consumer.override.", "admin.override.", "topic.creation.");

    @TestFactory
    Stream<DynamicTest> everyExampleUsesKnownKeysWithValidValues() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found in " + EXAMPLES.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws Exception {
        Map<String, String> config = read(file);
        List<String> unknown = new ArrayList<>();
        Map<String, Map<String, String>> transforms = aliased(config, "transforms", unknown);
        Map<String, Map<String, String>> predicates = aliased(config, "predicates", unknown);
        for (Map.Entry<String, Map<String, String>> transform : transforms.entrySet()) {
            checkTransform(file, transform.getKey(), transform.getValue(), predicates.keySet());
        }
        for (Map.Entry<String, Map<String, String>> predicate : predicates.entrySet()) {
            checkPredicate(file, predicate.getKey(), predicate.getValue());
        }
        String connectorClass = config.get("connector.class");
        if (connectorClass != null) {
            Connector connector = (Connector) Class.forName(connectorClass).getDeclaredConstructor().newInstance();
            Set<String> declared = connector.config().configKeys().keySet();
            for (String key : config.keySet()) {
                boolean framework = FRAMEWORK_KEYS.contains(key) || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
                boolean aliasKey = key.startsWith("transforms.") || key.startsWith("predicates.");
                if (!framework && !aliasKey && !declared.contains(key)) {
                    unknown.add(key);
                }
            }
            for (ConfigValue value : connector.validate(config).configValues()) {
                assertTrue(value.errorMessages().isEmpty(), file + ": " + value.name() + " " + value.errorMessages());
            }
        }
        assertTrue(unknown.isEmpty(), file + " has keys no plugin declares: " + unknown);
    }

    private static void checkTransform(Path file, String alias, Map<String, String> settings, Set<String> predicates)
            throws Exception {
        String type = settings.remove("type");
        assertTrue(type != null, file + ": transforms." + alias + ".type is missing");
        String predicate = settings.remove("predicate");
        settings.remove("negate");
        if (predicate != null) {
            assertTrue(predicates.contains(predicate), file + ": transforms." + alias + " names undeclared predicate " + predicate);
        }
        try (Transformation<?> transform = (Transformation<?>) Class.forName(type).getDeclaredConstructor().newInstance()) {
            assertKnown(file, "transforms." + alias, transform.config(), settings);
            for (ConfigValue value : transform.config().validate(settings)) {
                assertTrue(value.errorMessages().isEmpty(), file + ": transforms." + alias + "." + value.name() + " "
                        + value.errorMessages());
            }
            // FraudScore's configure() loads the model from the example's gs:// location, which exists only in the
            // user's project; its settings are checked above and by ConfigExamplesIT on a real worker.
            if (!(transform instanceof FraudScore)) {
                transform.configure(settings);
            }
        }
    }

    private static void checkPredicate(Path file, String alias, Map<String, String> settings) throws Exception {
        String type = settings.remove("type");
        assertTrue(type != null, file + ": predicates." + alias + ".type is missing");
        try (Predicate<?> predicate = (Predicate<?>) Class.forName(type).getDeclaredConstructor().newInstance()) {
            assertKnown(file, "predicates." + alias, predicate.config(), settings);
            predicate.configure(settings);
        }
    }

    private static void assertKnown(Path file, String prefix, ConfigDef def, Map<String, String> settings) {
        for (String key : settings.keySet()) {
            assertTrue(def.configKeys().containsKey(key), file + ": " + prefix + "." + key + " is not a setting of this plugin");
        }
    }

    /** Splits "transforms": "a,b" and transforms.a.x keys into per-alias settings; keys of undeclared aliases are unknown. */
    private static Map<String, Map<String, String>> aliased(Map<String, String> config, String kind, List<String> unknown) {
        Map<String, Map<String, String>> byAlias = new LinkedHashMap<>();
        String aliases = config.getOrDefault(kind, "");
        for (String alias : aliases.split(",")) {
            if (!alias.isBlank()) {
                byAlias.put(alias.trim(), new HashMap<>());
            }
        }
        for (Map.Entry<String, String> entry : config.entrySet()) {
            if (!entry.getKey().startsWith(kind + ".")) {
                continue;
            }
            String rest = entry.getKey().substring(kind.length() + 1);
            int dot = rest.indexOf('.');
            Map<String, String> settings = dot < 0 ? null : byAlias.get(rest.substring(0, dot));
            if (settings == null) {
                unknown.add(entry.getKey());
            } else {
                settings.put(rest.substring(dot + 1), entry.getValue());
            }
        }
        return byAlias;
    }

    private static Map<String, String> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode config = root.has("config") ? root.get("config") : root;
        Map<String, String> flat = new LinkedHashMap<>();
        config.fields().forEachRemaining(e -> {
            assertTrue(e.getValue().isTextual(), file + ": " + e.getKey() + " must be a JSON string, as the REST API expects");
            flat.put(e.getKey(), e.getValue().asText());
        });
        if (root.has("name")) {
            flat.put("name", root.get("name").asText());
        }
        return flat;
    }
}
