package io.fleetml.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagEvaluationTest {
    @TempDir
    Path dir;

    @Test
    void joinsPhaseThreeTruthWithOutcomesByPaymentId() throws Exception {
        Path truth = dir.resolve("truth.jsonl");
        Files.writeString(truth, String.join("\n",
                line("p1", 1, true),
                line("p2", 3, true),
                line("p3", 3, true),
                line("p4", 3, false),
                line("p5", 3, false),
                line("p6", 3, false),
                line("p7", 3, false)) + "\n");
        Map<String, ScoredRecords.Outcome> outcomes = Map.of(
                "p1", new ScoredRecords.Outcome("1", false, 0.1),
                "p2", new ScoredRecords.Outcome("1", true, 3.0),
                "p3", new ScoredRecords.Outcome("1", false, 0.2),
                "p4", new ScoredRecords.Outcome("1", true, 2.0),
                "p5", new ScoredRecords.Outcome("1", false, 0.1),
                "p6", new ScoredRecords.Outcome(null, false, Double.NaN));

        FlagEvaluation evaluation = FlagEvaluation.join(truth, "payment_id", "fraud", outcomes);

        assertEquals(new FlagEvaluation(6, 1, 1, 1, 1, 1, 1), evaluation);
        assertEquals(0.5, evaluation.precision());
        assertEquals(0.5, evaluation.recall());
        assertEquals(4, evaluation.scored());
    }

    @Test
    void aLineWithoutTheExpectedFieldsIsNamedByNumber() throws Exception {
        Path truth = dir.resolve("truth.jsonl");
        Files.writeString(truth, line("p1", 3, false) + "\n{\"payment_id\":\"p2\"}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FlagEvaluation.join(truth, "payment_id", "fraud", Map.of()));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void anIdentityTwiceInTheLogIsAnErrorRatherThanOneOutcomeCountedTwice() throws Exception {
        Path truth = dir.resolve("twice.jsonl");
        Files.writeString(truth, line("p1", 3, false) + "\n" + line("p1", 3, true) + "\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FlagEvaluation.join(truth, "payment_id", "fraud", Map.of()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("p1"), e.getMessage());
    }

    private static String line(String id, int phase, boolean fraud) {
        return "{\"payment_id\":\"" + id + "\",\"phase\":" + phase + ",\"fraud\":" + fraud + "}";
    }
}
