package io.fleetml.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
     * Area under the precision-recall curve as average precision, scikit-learn's {@code average_precision_score}: the
     * labeled entries are flagged from the highest score down, one distinct score at a time, and each step's precision
     * is weighted by the recall it adds, {@code sum((R_n - R_(n-1)) * P_n)}, without interpolation. Entries with equal
     * scores are flagged together. Unlabeled entries are ignored; NaN unless both classes occur.
     */
    public static double averagePrecision(double[] scores, byte[] labels) {
        List<double[]> labeled = labeledByScoreDescending(scores, labels);
        long frauds = labeled.stream().filter(entry -> entry[1] == TrainingRecords.FRAUD).count();
        if (frauds == 0 || frauds == labeled.size()) {
            return Double.NaN;
        }
        long truePositives = 0;
        long flagged = 0;
        double sum = 0;
        for (int i = 0; i < labeled.size(); ) {
            double score = labeled.get(i)[0];
            long newFraud = 0;
            while (i < labeled.size() && labeled.get(i)[0] == score) {
                newFraud += labeled.get(i)[1] == TrainingRecords.FRAUD ? 1 : 0;
                flagged++;
                i++;
            }
            truePositives += newFraud;
            sum += (double) newFraud / frauds * truePositives / flagged;
        }
        return sum;
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

        /**
         * Harmonic mean of precision and recall, {@code 2TP / (2TP + FP + FN)}: 0 when no fraud is flagged, NaN only
         * when there is neither fraud nor a flagged record.
         */
        public double f1() {
            return 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
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

    /**
     * The threshold that meets {@code target} on the labeled entries, a record being flagged when its score is above
     * it: for precision, the lowest threshold whose precision reaches the target; for recall, the highest whose recall
     * does. The threshold lies halfway between the lowest flagged and the highest unflagged score, so a record scored
     * a little differently in serving falls on the same side; 0 when every labeled record is flagged.
     *
     * @throws IllegalArgumentException when the entries lack either class, or no threshold reaches the precision
     */
    public static double thresholdFor(double[] scores, byte[] labels, ThresholdTarget target) {
        List<double[]> labeled = labeledByScoreDescending(scores, labels);
        long frauds = labeled.stream().filter(entry -> entry[1] == TrainingRecords.FRAUD).count();
        if (frauds == 0 || frauds == labeled.size()) {
            throw new IllegalArgumentException("--threshold-for needs records labeled normal and fraud to evaluate on, got "
                    + (labeled.size() - frauds) + " normal and " + frauds + " fraud");
        }
        long truePositives = 0;
        long flagged = 0;
        double chosen = Double.NaN;
        double bestPrecision = 0;
        for (int i = 0; i < labeled.size(); ) {
            double score = labeled.get(i)[0];
            while (i < labeled.size() && labeled.get(i)[0] == score) {
                truePositives += labeled.get(i)[1] == TrainingRecords.FRAUD ? 1 : 0;
                flagged++;
                i++;
            }
            double below = i < labeled.size() ? labeled.get(i)[0] : 0;
            double threshold = (score + below) / 2;
            double precision = (double) truePositives / flagged;
            bestPrecision = Math.max(bestPrecision, precision);
            double recall = (double) truePositives / frauds;
            boolean met = target.metric() == ThresholdTarget.Metric.PRECISION
                    ? precision >= target.value()
                    : recall >= target.value();
            if (met) {
                chosen = threshold;
                if (target.metric() == ThresholdTarget.Metric.RECALL) {
                    break;
                }
            }
        }
        if (Double.isNaN(chosen)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--threshold-for %s=%s: no threshold reaches it on the %d labeled evaluation records (%d fraud); "
                            + "the highest precision is %.4f", target.metricName(), target.value(), labeled.size(), frauds,
                    bestPrecision));
        }
        return chosen;
    }

    /** The labeled entries as {score, label} pairs, highest score first; unlabeled entries are left out. */
    private static List<double[]> labeledByScoreDescending(double[] scores, byte[] labels) {
        requireSameLength(scores, labels);
        List<double[]> labeled = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] == TrainingRecords.FRAUD || labels[i] == TrainingRecords.NORMAL) {
                labeled.add(new double[] {scores[i], labels[i]});
            }
        }
        labeled.sort((a, b) -> Double.compare(b[0], a[0]));
        return labeled;
    }

    private static void requireSameLength(double[] scores, byte[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
        }
    }
}
