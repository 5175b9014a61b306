package io.fleetml.trainer;

import io.fleetml.connect.fraud.FraudScore;
import io.fleetml.simulator.SimulatedPayment;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model exported by the trainer is what the SMT loads: the committed fixture scores held-out payments in
 * {@code FraudScore} with the Java engine exactly as with TensorFlow, and keeps its quality there.
 */
class FixtureInFraudScoreTest {
    /** The committed fixture, unpacked from the trainer's test jar by this module's pom. */
    private static final String MODEL_ROOT =
            Path.of(System.getProperty("fleetml.payments.model")).toAbsolutePath().toString();

    private static double[] scores(String engine, List<SimulatedPayment> payments) {
        try (FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>()) {
            transform.configure(Map.of("model.path", MODEL_ROOT, "engine", engine, "model.refresh.interval.ms", "0"));
            double[] scores = new double[payments.size()];
            for (int i = 0; i < payments.size(); i++) {
                SourceRecord record = new SourceRecord(null, null, "payments", 0, null, payments.get(i).value());
                Map<?, ?> scored = (Map<?, ?>) transform.apply(record).value();
                scores[i] = ((Number) scored.get("fraud_score")).doubleValue();
                assertEquals("1", scored.get("fraud_model_version"));
            }
            return scores;
        }
    }

    @Test
    void trainerModelScoresInTheSmtWithBothEnginesAlike() {
        List<SimulatedPayment> heldOut = PaymentsFixture.heldOut(1_000);
        double[] java = scores("java", heldOut);
        double[] tensorflow = scores("tensorflow", heldOut);
        // Well-reconstructed payments have errors near 1e-3, the difference of nearly equal floats, so the two engines'
        // float rounding shows more there than on the random inputs of the engines' own 1e-5 equality test.
        for (int i = 0; i < java.length; i++) {
            assertEquals(tensorflow[i], java[i], 1e-4 * Math.abs(tensorflow[i]), "payment " + i);
        }
        double auc = Evaluation.rocAuc(java, SavedModelScorer.labels(heldOut));
        assertTrue(auc >= 0.95, "held-out ROC AUC in the SMT " + auc);
    }
}
