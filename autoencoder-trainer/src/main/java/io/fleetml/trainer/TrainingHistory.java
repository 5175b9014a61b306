package io.fleetml.trainer;

import java.util.List;

/**
 * The epochs training ran and which one's weights the model kept.
 *
 * @param epochs    one report per epoch run, in order
 * @param bestEpoch 1-based epoch with the lowest validation loss, whose weights the model holds
 * @param stoppedEarly whether training ended before the configured number of epochs for lack of improvement
 */
public record TrainingHistory(List<EpochReport> epochs, int bestEpoch, boolean stoppedEarly) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
        if (bestEpoch < 1 || bestEpoch > epochs.size()) {
            throw new IllegalArgumentException("best epoch " + bestEpoch + " is not among the " + epochs.size() + " run");
        }
    }

    public EpochReport best() {
        return epochs.get(bestEpoch - 1);
    }
}
