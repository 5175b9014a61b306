package io.fleetml.trainer;

/**
 * Normalized feature vectors as the network takes them: {@code rows} rows of {@code columns} floats, row-major in one
 * array so a batch is copied into a tensor without boxing. Rows are never changed after construction.
 */
public final class FeatureMatrix {
    private final float[] values;
    private final int rows;
    private final int columns;

    public FeatureMatrix(float[] values, int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("a matrix needs at least one column, got " + columns);
        }
        if (values.length % columns != 0) {
            throw new IllegalArgumentException(values.length + " values do not fill rows of " + columns);
        }
        this.values = values;
        this.rows = values.length / columns;
        this.columns = columns;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public float get(int row, int column) {
        return values[row * columns + column];
    }

    /** Copies the given rows, in the given order, into {@code out} from index 0. */
    void copyRows(int[] rowIndexes, int from, int to, float[] out) {
        for (int i = from; i < to; i++) {
            System.arraycopy(values, rowIndexes[i] * columns, out, (i - from) * columns, columns);
        }
    }

    /** Copies rows {@code from} to {@code to - 1} into {@code out} from index 0. */
    void copyRange(int from, int to, float[] out) {
        System.arraycopy(values, from * columns, out, 0, (to - from) * columns);
    }
}
