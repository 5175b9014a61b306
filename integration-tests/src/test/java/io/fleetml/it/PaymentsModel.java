package io.fleetml.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The trainer's committed payments model: a model path of numbered versions holding {@code 1/}, trained on the default
 * payment features that the sample payments carry. Version and threshold are read from its fleetml-model.json, so
 * tests compare the SMT's output with the model's own file rather than with the SMT.
 */
final class PaymentsModel {
    private static final String VERSION_DIR = "1";

    private PaymentsModel() {
    }

    /** The directory to give as {@code model.path}. */
    static Path path() {
        Path dir = Path.of(System.getProperty("fleetml.payments.model", "target/trainer/fixtures/payments-model"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(metadataFile(dir))) {
            throw new IllegalStateException("the trainer's payments model fixture is missing at " + dir + "; run mvn verify");
        }
        return dir;
    }

    /** The version the SMT writes into each record it scores. */
    static String version() {
        return metadata().path("version").asText();
    }

    /** A record is flagged when its score is above this. */
    static double threshold() {
        return metadata().path("threshold").asDouble(Double.NaN);
    }

    private static JsonNode metadata() {
        try {
            return new ObjectMapper().readTree(metadataFile(path()).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path metadataFile(Path dir) {
        return dir.resolve(VERSION_DIR).resolve("fleetml-model.json");
    }
}
