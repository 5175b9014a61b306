package io.fleetml.trainer;

import java.util.List;

/** Fits the per-feature mean and standard deviation that the model's inputs are standardized with. */
public final class Standardization {
    private Standardization() {
    }

    /**
     * Mean and population standard deviation of each column of {@code rows}, over the given row indexes only (the
     * training split, so validation stays unseen). A column that never varies, such as a category that never occurs,
     * gets standard deviation 1: its standardized value is then 0 for every training record, and a record that does
     * differ there stands out by the raw difference.
     *
     * @return {mean, std}
     */
    public static double[][] fit(List<double[]> rows, int[] indexes, int width) {
        if (indexes.length == 0) {
            throw new IllegalArgumentException("no records to fit the normalization on");
        }
        double[] mean = new double[width];
        for (int index : indexes) {
            double[] row = rows.get(index);
            for (int c = 0; c < width; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < width; c++) {
            mean[c] /= indexes.length;
        }
        double[] std = new double[width];
        for (int index : indexes) {
            double[] row = rows.get(index);
            for (int c = 0; c < width; c++) {
                double d = row[c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < width; c++) {
            std[c] = Math.sqrt(std[c] / indexes.length);
            // Below this a column is constant up to rounding, and dividing by it would blow rounding noise up.
            if (!(std[c] > 1e-9 * Math.max(1, Math.abs(mean[c])))) {
                std[c] = 1;
            }
        }
        return new double[][] {mean, std};
    }
}
