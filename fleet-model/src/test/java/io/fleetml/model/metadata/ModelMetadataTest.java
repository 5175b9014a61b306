package io.fleetml.model.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelMetadataTest {
    private static final String SOURCE = "gs://models/payments/fleetml-model.json";

    private static ModelMetadata sample() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("roc_auc", 0.973);
        metrics.put("loss", 0.0123);
        return new ModelMetadata("payments-2025-11-24", List.of("log1p(amount)", "vehicle.speed",
                "onehot(merchant.category:fuel|parking)"), new double[] {3.1, 0.8, 0.6, 0.4},
                new double[] {0.9, 1.4, 0.49, 0.49}, 0.75, "2025-11-24T16:00:00Z", metrics);
    }

    private static String json(String body) {
        return "{\"version\":\"v1\",\"features\":[\"amount\",\"onehot(c:a|b)\"],\"mean\":[1,0.5,0.5],"
                + "\"std\":[2,0.5,0.5],\"threshold\":0.8,\"trainedAt\":\"2025-11-24T16:00:00Z\"" + body + "}";
    }

    private static String parseError(String json) {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelMetadata.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void writtenFileReadsBackEqual(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ModelMetadata.FILE_NAME);
        sample().write(file);
        assertEquals(sample(), ModelMetadata.read(file));
        assertEquals(sample().hashCode(), ModelMetadata.read(file).hashCode());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        sample().write(file);
        assertEquals(sample(), ModelMetadata.read(file), "an existing file is replaced");
    }

    @Test
    void jsonKeepsTheFieldNamesOfTheFormat() {
        String json = sample().toJson();
        for (String field : List.of("\"version\"", "\"features\"", "\"mean\"", "\"std\"", "\"threshold\"", "\"trainedAt\"",
                "\"metrics\"", "\"roc_auc\"")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
    }

    @Test
    void metricsMayBeLeftOutAndUnknownFieldsAreIgnored() throws ModelFileException {
        ModelMetadata metadata = ModelMetadata.parse(json(",\"optimizer\":\"adam\"").getBytes(StandardCharsets.UTF_8), SOURCE);
        assertEquals(Map.of(), metadata.metrics());
        assertEquals(List.of("amount", "onehot(c:a|b)"), metadata.features());
        assertArrayEquals(new double[] {1, 0.5, 0.5}, metadata.mean());
    }

    @Test
    void trainedAtMayBeLeftOutForAModelTrainedElsewhere() throws ModelFileException {
        String json = json("").replace(",\"trainedAt\":\"2025-11-24T16:00:00Z\"", "");
        ModelMetadata metadata = ModelMetadata.parse(json.getBytes(StandardCharsets.UTF_8), SOURCE);
        assertNull(metadata.trainedAt());
        assertEquals(Map.of(), metadata.metrics());
        assertEquals(metadata, ModelMetadata.parse(metadata.toJson().getBytes(StandardCharsets.UTF_8), SOURCE));
        assertFalse(metadata.toJson().contains("trainedAt"), metadata.toJson());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] mean = {1};
        ModelMetadata metadata = new ModelMetadata("v", List.of("x"), mean, new double[] {1}, 0, "2025-11-24T16:00:00+01:00", null);
        mean[0] = 5;
        metadata.mean()[0] = 6;
        assertArrayEquals(new double[] {1}, metadata.mean());
        assertNotEquals(metadata, new ModelMetadata("v", List.of("x"), new double[] {2}, new double[] {1}, 0,
                "2025-11-24T16:00:00+01:00", null));
    }

    @Test
    void widthsMustMatchTheFeatures() {
        String message = parseError(json("").replace("\"mean\":[1,0.5,0.5]", "\"mean\":[1,0.5]"));
        assertTrue(message.contains("field 'mean' has 2 entries, the features have width 3"), message);
        message = parseError(json("").replace("\"std\":[2,0.5,0.5]", "\"std\":[2,0.5,0.5,1]"));
        assertTrue(message.contains("field 'std' has 4 entries"), message);
    }

    @Test
    void stdMustBePositive() {
        String message = parseError(json("").replace("\"std\":[2,0.5,0.5]", "\"std\":[2,0,0.5]"));
        assertTrue(message.contains("field 'std' entry 1 is 0.0, it must be positive"), message);
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        assertTrue(parseError(json("").replace("\"version\":\"v1\",", "")).contains("field 'version' is missing"));
        assertTrue(parseError(json("").replace("\"threshold\":0.8", "\"threshold\":\"high\""))
                .contains("field 'threshold' must be a number, found STRING"));
        assertTrue(parseError(json("").replace("\"mean\":[1,0.5,0.5]", "\"mean\":[1,\"x\",0.5]"))
                .contains("field 'mean' entry 1 must be a number"));
        assertTrue(parseError(json("").replace("\"features\":[\"amount\",\"onehot(c:a|b)\"]", "\"features\":\"amount\""))
                .contains("field 'features' must be an array"));
        assertTrue(parseError(json(",\"metrics\":{\"auc\":\"good\"}")).contains("field 'metrics' entry 'auc' must be a number"));
        assertTrue(parseError(json("").replace("\"threshold\":0.8", "\"threshold\":-1"))
                .contains("field 'threshold' is -1.0"));
        assertTrue(parseError(json("").replace("2025-11-24T16:00:00Z", "yesterday")).contains("field 'trainedAt'"));
    }

    @Test
    void aBadFeatureExpressionIsNamed() {
        String message = parseError(json("").replace("\"amount\"", "\"log2(amount)\""));
        assertTrue(message.contains("field 'features'") && message.contains("unknown function 'log2'"), message);
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        assertTrue(parseError("{\"version\": ").contains("not valid JSON at line 1"));
        assertTrue(parseError("[1, 2]").contains("expected a JSON object"));
        assertTrue(parseError(json(",\"version\":\"v2\"")).contains("not valid JSON"), "duplicate keys are refused");
    }

    @Test
    void readingNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ModelMetadata.FILE_NAME);
        Files.writeString(file, json("").replace("\"std\":[2,0.5,0.5]", "\"std\":[2,-1,0.5]"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelMetadata.read(file));
        assertTrue(e.getMessage().startsWith(file + ": field 'std' entry 1"), e.getMessage());
    }
}
