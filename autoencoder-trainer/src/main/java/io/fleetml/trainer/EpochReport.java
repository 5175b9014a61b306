package io.fleetml.trainer;

/**
 * What one epoch of training achieved, reported as it ends.
 *
 * @param epoch          1-based
 * @param maxEpochs      the configured most; early stopping may end training before
 * @param trainLoss      mean squared reconstruction error over the epoch's training batches
 * @param validationLoss mean squared reconstruction error on the validation records after the epoch
 * @param best           whether this epoch's validation loss is the lowest so far, so its weights are kept
 * @param elapsedNanos   since training started
 */
public record EpochReport(int epoch, int maxEpochs, double trainLoss, double validationLoss, boolean best,
                          long elapsedNanos) {
    /** Time left if every remaining epoch runs as long as the average so far; an upper bound under early stopping. */
    public long etaNanos() {
        return elapsedNanos / epoch * (maxEpochs - epoch);
    }
}
