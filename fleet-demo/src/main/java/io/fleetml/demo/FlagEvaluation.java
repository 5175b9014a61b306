package io.fleetml.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How well a live model flagged the phase-3 records (payments as fraud, readings as sensor faults): the simulator's
 * ground-truth log joined by identity with what the pipeline wrote to Kafka. Only records the model scored count
 * towards precision and recall; the others are counted apart.
 *
 * @param records        phase-3 records in the ground-truth log
 * @param missing        of those, how many the scored topic does not hold
 * @param unscored       how many passed without a score (the model was not loaded yet on that task)
 * @param truePositives  anomalous, flagged
 * @param falsePositives normal, flagged
 * @param falseNegatives anomalous, not flagged
 * @param trueNegatives  normal, not flagged
 */
public record FlagEvaluation(int records, int missing, int unscored, int truePositives, int falsePositives,
                             int falseNegatives, int trueNegatives) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INJECTION_PHASE = 3;

    /**
     * @param idField    the log's field holding the identity {@code outcomes} is keyed by
     * @param truthField the log's boolean field saying whether the record is anomalous
     */
    static FlagEvaluation join(Path groundTruth, String idField, String truthField, Map<String, ScoredRecords.Outcome> outcomes) {
        int records = 0;
        int missing = 0;
        int unscored = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        Set<String> ids = new HashSet<>();
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(groundTruth, StandardCharsets.UTF_8)) {
                lineNumber++;
                JsonNode truth = JSON.readTree(line);
                if (!truth.hasNonNull(idField) || !truth.has("phase") || !truth.has(truthField)) {
                    throw new IllegalStateException(groundTruth + " line " + lineNumber + ": expected " + idField + ", phase and "
                            + truthField);
                }
                if (!ids.add(truth.get(idField).asText())) {
                    throw new IllegalStateException(groundTruth + " line " + lineNumber + ": " + idField + " "
                            + truth.get(idField).asText() + " again; one outcome would count for two records");
                }
                if (truth.get("phase").asInt() != INJECTION_PHASE) {
                    continue;
                }
                records++;
                ScoredRecords.Outcome outcome = outcomes.get(truth.get(idField).asText());
                boolean anomalous = truth.get(truthField).asBoolean();
                if (outcome == null) {
                    missing++;
                } else if (outcome.modelVersion() == null) {
                    unscored++;
                } else if (outcome.flagged()) {
                    if (anomalous) {
                        tp++;
                    } else {
                        fp++;
                    }
                } else if (anomalous) {
                    fn++;
                } else {
                    tn++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's ground truth " + groundTruth, e);
        }
        return new FlagEvaluation(records, missing, unscored, tp, fp, fn, tn);
    }

    public int scored() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }

    /** Scored records that were anomalous. */
    public int anomalous() {
        return truePositives + falseNegatives;
    }

    /** NaN when nothing was flagged. */
    public double precision() {
        return (double) truePositives / (truePositives + falsePositives);
    }

    /** NaN when no scored record was anomalous. */
    public double recall() {
        return (double) truePositives / (truePositives + falseNegatives);
    }
}
