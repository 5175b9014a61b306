package io.fleetml.model.metadata;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetml.model.features.Features;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the trainer writes beside the SavedModel as {@value #FILE_NAME}, and what scoring needs besides the weights: the
 * feature expressions in input order, each input's mean and standard deviation, the default threshold on the
 * reconstruction error, and when and how well the model was trained. For example:
 *
 * <pre>{@code
 * {
 *   "version": "payments-2025-11-24",
 *   "features": ["log1p(amount)", "vehicle.speed", "onehot(merchant.category:fuel|parking)"],
 *   "mean": [3.1, 0.8, 0.6, 0.4],
 *   "std": [0.9, 1.4, 0.49, 0.49],
 *   "threshold": 0.75,
 *   "trainedAt": "2025-11-24T16:00:00Z",
 *   "metrics": {"roc_auc": 0.97}
 * }
 * }</pre>
 *
 * <p>{@code mean} and {@code std} have one entry per input, so their length is the total width of the features (a
 * {@code onehot} of two categories counts twice). {@code trainedAt} and {@code metrics} may be left out (a model trained
 * elsewhere has no trainer to record them; {@link #trainedAt()} is then null); fields this version does not know are
 * ignored, so an older reader can load a newer trainer's file.
 */
public record ModelMetadata(String version, List<String> features, double[] mean, double[] std, double threshold,
                            String trainedAt, Map<String, Double> metrics) {
    public static final String FILE_NAME = "fleetml-model.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Checks that the fields fit together; a problem is an {@link IllegalArgumentException} naming the field. */
    public ModelMetadata {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("field 'version' must not be empty");
        }
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        features = List.copyOf(features);
        int width;
        try {
            width = Features.of(features, "features").width();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("field 'features': " + e.getMessage(), e);
        }
        if (mean.length != width) {
            throw new IllegalArgumentException("field 'mean' has " + mean.length + " entries, the features have width " + width);
        }
        if (std.length != width) {
            throw new IllegalArgumentException("field 'std' has " + std.length + " entries, the features have width " + width);
        }
        for (int i = 0; i < width; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("field 'mean' entry " + i + " is " + mean[i] + ", it must be finite");
            }
            if (!(std[i] > 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("field 'std' entry " + i + " is " + std[i]
                        + ", it must be positive and finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
        if (!Double.isFinite(threshold) || threshold < 0) {
            throw new IllegalArgumentException("field 'threshold' is " + threshold + ", it must be finite and not negative");
        }
        if (trainedAt != null) {
            try {
                OffsetDateTime.parse(trainedAt);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field 'trainedAt' is not an ISO-8601 date-time with offset, such as "
                        + "2025-11-24T16:00:00Z", e);
            }
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> metric : (metrics == null ? Map.<String, Double>of() : metrics).entrySet()) {
            if (metric.getKey() == null || metric.getKey().isBlank()) {
                throw new IllegalArgumentException("field 'metrics' has an empty name");
            }
            if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
                throw new IllegalArgumentException("field 'metrics' entry '" + metric.getKey() + "' is "
                        + metric.getValue() + ", it must be a finite number");
            }
            copy.put(metric.getKey(), metric.getValue());
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /** Reads and checks {@code file}; every problem is reported with the file's path and the field. */
    public static ModelMetadata read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses the JSON of a metadata file; {@code source} names where it came from (a path or an object URL). */
    public static ModelMetadata parse(byte[] json, String source) throws ModelFileException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ModelFileException(source + ": not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFileException(source + ": cannot be read as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFileException(source + ": expected a JSON object");
        }
        try {
            return new ModelMetadata(text(root, "version", source), texts(root, "features", source),
                    numbers(root, "mean", source), numbers(root, "std", source), number(root.get("threshold"), "field 'threshold'", source),
                    optionalText(root, "trainedAt", source), metrics(root, source));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file atomically, so a model loader watching the directory never reads half of it. */
    public void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, toJson().getBytes(StandardCharsets.UTF_8));
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        features.forEach(root.putArray("features")::add);
        ArrayNode meanNode = root.putArray("mean");
        Arrays.stream(mean).forEach(meanNode::add);
        ArrayNode stdNode = root.putArray("std");
        Arrays.stream(std).forEach(stdNode::add);
        root.put("threshold", threshold);
        if (trainedAt != null) {
            root.put("trainedAt", trainedAt);
        }
        ObjectNode metricsNode = root.putObject("metrics");
        metrics.forEach(metricsNode::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and finite numbers always serializes", e);
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelMetadata other
                && version.equals(other.version) && features.equals(other.features)
                && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std)
                && Double.compare(threshold, other.threshold) == 0
                && Objects.equals(trainedAt, other.trainedAt) && metrics.equals(other.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, features, Arrays.hashCode(mean), Arrays.hashCode(std), threshold, trainedAt, metrics);
    }

    @Override
    public String toString() {
        return "ModelMetadata[version=" + version + ", features=" + features + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + ", threshold=" + threshold + ", trainedAt=" + trainedAt
                + ", metrics=" + metrics + "]";
    }

    private static JsonNode required(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new ModelFileException(source + ": field '" + field + "' is missing");
        }
        return node;
    }

    /** The string {@code field}, or null when it is absent. */
    private static String optionalText(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : text(root, field, source);
    }

    private static String text(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = required(root, field, source);
        if (!node.isTextual()) {
            throw new ModelFileException(source + ": field '" + field + "' must be a string, found " + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> texts(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = array(root, field, source);
        String[] values = new String[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode entry = node.get(i);
            if (!entry.isTextual()) {
                throw new ModelFileException(source + ": field '" + field + "' entry " + i + " must be a string, found "
                        + entry.getNodeType());
            }
            values[i] = entry.textValue();
        }
        return List.of(values);
    }

    private static double[] numbers(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = array(root, field, source);
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(node.get(i), "field '" + field + "' entry " + i, source);
        }
        return values;
    }

    private static JsonNode array(JsonNode root, String field, String source) throws ModelFileException {
        JsonNode node = required(root, field, source);
        if (!node.isArray()) {
            throw new ModelFileException(source + ": field '" + field + "' must be an array, found " + node.getNodeType());
        }
        return node;
    }

    /** {@code what} names the value in messages, e.g. "field 'mean' entry 3". */
    private static double number(JsonNode node, String what, String source) throws ModelFileException {
        if (node == null || node.isNull()) {
            throw new ModelFileException(source + ": " + what + " is missing");
        }
        if (!node.isNumber()) {
            throw new ModelFileException(source + ": " + what + " must be a number, found " + node.getNodeType());
        }
        return node.doubleValue();
    }

    private static Map<String, Double> metrics(JsonNode root, String source) throws ModelFileException {
        JsonNode node = root.get("metrics");
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metrics;
        }
        if (!node.isObject()) {
            throw new ModelFileException(source + ": field 'metrics' must be an object, found " + node.getNodeType());
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            metrics.put(entry.getKey(), number(entry.getValue(), "field 'metrics' entry '" + entry.getKey() + "'", source));
        }
        return metrics;
    }
}
