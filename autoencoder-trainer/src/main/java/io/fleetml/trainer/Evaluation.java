package io.fleetml.trainer;

import java.util.Arrays;

/** Statistics of reconstruction errors: percentiles for the threshold, and how well errors separate labeled fraud. */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * The {@code p}-th percentile (0 to 100) with linear interpolation between the two nearest ranks, as numpy's default,
     * so 100 is the maximum and 50 of an even count is the mean of the middle two.
     */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the percentile of no values is undefined");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100, got " + p);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /**
     * Area under the ROC curve of {@code scores} for the labeled entries (labels {@link TrainingRecords#FRAUD} and
     * {@link TrainingRecords#NORMAL}; others are ignored): the probability that a random fraud scores above a random
     * normal record, ties counting one half (Mann-Whitney U with average ranks). NaN unless both classes occur.
     */
    public static double rocAuc(double[] scores, byte[] labels) {
        requireSameLength(scores, labels);
        int n = 0;
        for (byte label : labels) {
            if (label == TrainingRecords.FRAUD || label == TrainingRecords.NORMAL) {
                n++;
            }
        }
        double[] labeledScores = new double[n];
        boolean[] fraud = new boolean[n];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (labels[i] == TrainingRecords.FRAUD || labels[i] == TrainingRecords.NORMAL) {
                labeledScores[j] = scores[i];
                fraud[j++] = labels[i] == TrainingRecords.FRAUD;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(labeledScores[a], labeledScores[b]));
        double fraudRankSum = 0;
        long frauds = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && labeledScores[order[j + 1]] == labeledScores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (fraud[order[k]]) {
                    fraudRankSum += averageRank;
                    frauds++;
                }
            }
            i = j + 1;
        }
        long normals = n - frauds;
        if (frauds == 0 || normals == 0) {
            return Double.NaN;
        }
        return (fraudRankSum - frauds * (frauds + 1) / 2.0) / ((double) frauds * normals);
    }

    /**
     * Counts of the labeled entries when a score above {@code threshold} flags fraud.
     *
     * @param truePositives  fraud flagged
     * @param falsePositives normal records flagged
     * @param falseNegatives fraud not flagged
     * @param trueNegatives  normal records not flagged
     */
    public record Confusion(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
        /** Share of flagged records that are fraud; NaN when nothing is flagged. */
        public double precision() {
            return (double) truePositives / (truePositives + falsePositives);
        }

        /** Share of fraud that is flagged; NaN when there is no fraud. */
        public double recall() {
            return (double) truePositives / (truePositives + falseNegatives);
        }
    }

    public static Confusion confusion(double[] scores, byte[] labels, double threshold) {
        requireSameLength(scores, labels);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] > threshold;
            if (labels[i] == TrainingRecords.FRAUD) {
                if (flagged) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (labels[i] == TrainingRecords.NORMAL) {
                if (flagged) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        return new Confusion(tp, fp, fn, tn);
    }

    private static void requireSameLength(double[] scores, byte[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
        }
    }
}
