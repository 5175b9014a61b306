package io.fleetml.testkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How well the live model flagged phase-3 payments: the simulator's ground-truth log joined by payment id with what
 * the pipeline wrote to Kafka. Only payments the model scored count towards precision and recall; the others are
 * counted apart.
 *
 * @param payments       phase-3 payments in the ground-truth log
 * @param missing        of those, how many the scored topic does not hold
 * @param unscored       how many passed without a score (the model was not loaded yet on that task)
 * @param truePositives  fraud, flagged
 * @param falsePositives normal, flagged
 * @param falseNegatives fraud, not flagged
 * @param trueNegatives  normal, not flagged
 */
public record FraudEvaluation(int payments, int missing, int unscored, int truePositives, int falsePositives,
                       int falseNegatives, int trueNegatives) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAUD_PHASE = 3;

    static FraudEvaluation join(Path groundTruth, Map<String, ScoredPayments.Outcome> outcomes) {
        int payments = 0;
        int missing = 0;
        int unscored = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(groundTruth, StandardCharsets.UTF_8)) {
                lineNumber++;
                JsonNode truth = JSON.readTree(line);
                if (!truth.hasNonNull("payment_id") || !truth.has("phase") || !truth.has("fraud")) {
                    throw new IllegalStateException(groundTruth + " line " + lineNumber + ": expected payment_id, phase and fraud");
                }
                if (truth.get("phase").asInt() != FRAUD_PHASE) {
                    continue;
                }
                payments++;
                ScoredPayments.Outcome outcome = outcomes.get(truth.get("payment_id").asText());
                boolean fraud = truth.get("fraud").asBoolean();
                if (outcome == null) {
                    missing++;
                } else if (outcome.modelVersion() == null) {
                    unscored++;
                } else if (outcome.flagged()) {
                    if (fraud) {
                        tp++;
                    } else {
                        fp++;
                    }
                } else if (fraud) {
                    fn++;
                } else {
                    tn++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's ground truth " + groundTruth, e);
        }
        return new FraudEvaluation(payments, missing, unscored, tp, fp, fn, tn);
    }

    public int scored() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }

    public int fraud() {
        return truePositives + falseNegatives;
    }

    /** NaN when nothing was flagged. */
    public double precision() {
        return (double) truePositives / (truePositives + falsePositives);
    }

    /** NaN when no scored payment was fraud. */
    public double recall() {
        return (double) truePositives / (truePositives + falseNegatives);
    }
}
