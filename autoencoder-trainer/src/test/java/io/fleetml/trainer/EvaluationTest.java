package io.fleetml.trainer;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
    private static final byte F = TrainingRecords.FRAUD;
    private static final byte N = TrainingRecords.NORMAL;
    private static final byte U = TrainingRecords.UNLABELED;

    @Test
    void percentileInterpolatesBetweenRanksLikeNumpy() {
        double[] values = {4, 1, 3, 2};
        assertEquals(1, Evaluation.percentile(values, 0));
        assertEquals(2.5, Evaluation.percentile(values, 50));
        assertEquals(3.97, Evaluation.percentile(values, 99), 1e-12);
        assertEquals(4, Evaluation.percentile(values, 100));
    }

    @Test
    void rocAucIsOneWhenEveryFraudScoresAboveEveryNormalAndHalfWhenAllTie() {
        assertEquals(1.0, Evaluation.rocAuc(new double[] {0.1, 0.2, 0.9, 0.8}, new byte[] {N, N, F, F}));
        assertEquals(0.0, Evaluation.rocAuc(new double[] {0.9, 0.8, 0.1, 0.2}, new byte[] {N, N, F, F}));
        assertEquals(0.5, Evaluation.rocAuc(new double[] {1, 1, 1, 1}, new byte[] {N, F, N, F}));
    }

    @Test
    void rocAucCountsTiesAsHalfAndIgnoresUnlabeled() {
        // Pairs (fraud, normal): (0.5 vs 0.5) ties = 0.5, (0.5 vs 0.1) = 1, (0.9 vs both) = 2; 3.5 of 4.
        double[] scores = {0.5, 0.9, 0.5, 0.1, 0.0};
        byte[] labels = {F, F, N, N, U};
        assertEquals(3.5 / 4, Evaluation.rocAuc(scores, labels), 1e-12);
    }

    @Test
    void rocAucMatchesCountingEveryPairOnRandomScores() {
        Random random = new Random(5);
        double[] scores = new double[300];
        byte[] labels = new byte[300];
        for (int i = 0; i < scores.length; i++) {
            labels[i] = random.nextInt(4) == 0 ? F : N;
            // Coarse scores so ties are frequent.
            scores[i] = Math.round((random.nextGaussian() + (labels[i] == F ? 1 : 0)) * 4) / 4.0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] == F && labels[j] == N) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Evaluation.rocAuc(scores, labels), 1e-12);
    }

    @Test
    void rocAucIsNaNWithOnlyOneClass() {
        assertTrue(Double.isNaN(Evaluation.rocAuc(new double[] {1, 2}, new byte[] {N, N})));
        assertTrue(Double.isNaN(Evaluation.rocAuc(new double[] {1, 2}, new byte[] {F, U})));
    }

    @Test
    void averagePrecisionWeighsEachStepsPrecisionByTheRecallItAdds() {
        // From the top: fraud (P 1/1, R 1/3), normal, fraud (P 2/3, R 2/3), normal, fraud (P 3/5, R 3/3):
        // (1/3)(1) + (1/3)(2/3) + (1/3)(3/5) = 0.7556; the unlabeled top score is ignored.
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.99};
        byte[] labels = {F, N, F, N, F, U};
        assertEquals((1 + 2.0 / 3 + 3.0 / 5) / 3, Evaluation.averagePrecision(scores, labels), 1e-12);
    }

    @Test
    void averagePrecisionFlagsTiedScoresTogether() {
        // Both 0.8 are one step: 1 fraud of 2 flagged (P 1/2, R 1/2); then the fraud at 0.5: P 2/3, R 1.
        double[] scores = {0.8, 0.8, 0.5, 0.1};
        byte[] labels = {F, N, F, N};
        assertEquals(0.5 * 0.5 + 0.5 * 2.0 / 3, Evaluation.averagePrecision(scores, labels), 1e-12);
        assertEquals(1.0, Evaluation.averagePrecision(new double[] {3, 2, 1}, new byte[] {F, F, N}));
    }

    @Test
    void averagePrecisionIsNaNWithOnlyOneClass() {
        assertTrue(Double.isNaN(Evaluation.averagePrecision(new double[] {1, 2}, new byte[] {N, U})));
        assertTrue(Double.isNaN(Evaluation.averagePrecision(new double[] {1, 2}, new byte[] {F, F})));
    }

    @Test
    void f1IsTheHarmonicMeanOfPrecisionAndRecallAndZeroWhenNoFraudIsFlagged() {
        Evaluation.Confusion confusion = new Evaluation.Confusion(2, 1, 3, 10);
        double precision = 2.0 / 3;
        double recall = 2.0 / 5;
        assertEquals(2 * precision * recall / (precision + recall), confusion.f1(), 1e-12);
        assertEquals(0.0, new Evaluation.Confusion(0, 0, 4, 10).f1());
    }

    @Test
    void precisionAndRecallFlagScoresAboveTheThreshold() {
        double[] scores = {0.1, 0.5, 0.7, 0.9, 0.95, 0.3};
        byte[] labels = {N, N, N, F, F, F};
        Evaluation.Confusion confusion = Evaluation.confusion(scores, labels, 0.6);
        assertEquals(new Evaluation.Confusion(2, 1, 1, 2), confusion);
        assertEquals(2.0 / 3, confusion.precision(), 1e-12);
        assertEquals(2.0 / 3, confusion.recall(), 1e-12);
        assertEquals(0, Evaluation.confusion(scores, labels, 0.7).falsePositives(), "a score equal to the threshold is not flagged");
    }

    private static final double[] RANKED = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 100};
    private static final byte[] RANKED_LABELS = {F, F, N, F, N, F, N, N, N, F, U};

    private static double thresholdFor(String target) {
        return Evaluation.thresholdFor(RANKED, RANKED_LABELS, ThresholdTarget.parse(target));
    }

    @Test
    void aPrecisionTargetGivesTheLowestThresholdThatKeepsItHalfwayToTheNextScore() {
        assertEquals(6.5, thresholdFor("precision=0.75"));
        assertEquals(6.5, thresholdFor("precision=0.7"), "5 and above would flag 4 of 6, below 0.7");
        assertEquals(8.5, thresholdFor("precision=1"));
        Evaluation.Confusion atIt = Evaluation.confusion(RANKED, RANKED_LABELS, 6.5);
        assertEquals(0.75, atIt.precision(), 1e-12);
        assertEquals(0.6, atIt.recall(), 1e-12);
    }

    @Test
    void aRecallTargetGivesTheHighestThresholdThatReachesItAndZeroWhenAllMustBeFlagged() {
        assertEquals(4.5, thresholdFor("recall=0.8"));
        assertEquals(6.5, thresholdFor("recall=0.5"));
        assertEquals(0.5, thresholdFor("recall=1"));
        assertEquals(0.0, Evaluation.thresholdFor(new double[] {0, 0, 3}, new byte[] {F, N, N},
                ThresholdTarget.parse("recall=1")));
    }

    @Test
    void anUnreachablePrecisionOrMissingClassIsAnErrorNamingTheOption() {
        IllegalArgumentException tie = assertThrows(IllegalArgumentException.class, () -> Evaluation.thresholdFor(
                new double[] {5, 5, 1}, new byte[] {F, N, N}, ThresholdTarget.parse("precision=0.9")));
        assertEquals("--threshold-for precision=0.9: no threshold reaches it on the 3 labeled evaluation records (1 fraud); "
                + "the highest precision is 0.5000", tie.getMessage());
        IllegalArgumentException noFraud = assertThrows(IllegalArgumentException.class, () -> Evaluation.thresholdFor(
                new double[] {5, 1}, new byte[] {N, U}, ThresholdTarget.parse("recall=0.8")));
        assertEquals("--threshold-for needs records labeled normal and fraud to evaluate on, got 1 normal and 0 fraud",
                noFraud.getMessage());
    }

    @Test
    void thresholdTargetsParseAsMetricEqualsValue() {
        assertEquals(new ThresholdTarget(ThresholdTarget.Metric.PRECISION, 0.9), ThresholdTarget.parse("precision=0.9"));
        assertEquals(new ThresholdTarget(ThresholdTarget.Metric.RECALL, 0.8), ThresholdTarget.parse(" Recall = 0.8"));
        assertEquals("--threshold-for must be precision=X or recall=X, got 'f1=0.5'",
                assertThrows(IllegalArgumentException.class, () -> ThresholdTarget.parse("f1=0.5")).getMessage());
        assertEquals("--threshold-for recall must be above 0 and at most 1, got 80.0",
                assertThrows(IllegalArgumentException.class, () -> ThresholdTarget.parse("recall=80")).getMessage());
        assertEquals("--threshold-for precision 'high' is not a number",
                assertThrows(IllegalArgumentException.class, () -> ThresholdTarget.parse("precision=high")).getMessage());
    }
}
