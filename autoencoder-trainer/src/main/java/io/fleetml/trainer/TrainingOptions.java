package io.fleetml.trainer;

import java.util.List;

/**
 * How to train: the hidden layer sizes between the input and its reconstruction, the hidden activation, and the
 * optimizer's schedule. The same options and seed on the same data give the same model.
 *
 * @param hiddenLayers        sizes of the hidden layers in order, e.g. 16, 8, 16 for an n-16-8-16-n autoencoder
 * @param activation          of the hidden layers; the output layer is always linear
 * @param epochs              the most passes over the training records
 * @param batchSize           records per Adam step
 * @param learningRate        Adam's learning rate
 * @param validationSplit     share of the records held out to stop early and to place the threshold (0 to 1, exclusive)
 * @param patience            epochs without a better validation loss before training stops; the best weights are kept
 * @param thresholdPercentile percentile of the validation reconstruction errors that becomes the threshold (0 to 100]
 * @param seed                for the split, the shuffling and the initial weights
 * @param trim                share of each batch's highest reconstruction errors left out of the step after the
 *                            warm-up epochs, and of the validation errors left out of the validation loss, so anomalies
 *                            hidden among unlabeled records do not teach the model to reconstruct them; 0 to turn off
 */
public record TrainingOptions(List<Integer> hiddenLayers, HiddenActivation activation, int epochs, int batchSize,
                              float learningRate, double validationSplit, int patience, double thresholdPercentile,
                              long seed, double trim) {
    public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(16, 8, 16);
    public static final int DEFAULT_EPOCHS = 50;
    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final float DEFAULT_LEARNING_RATE = 0.001f;
    public static final double DEFAULT_VALIDATION_SPLIT = 0.2;
    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_THRESHOLD_PERCENTILE = 99;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_TRIM = 0;
    /** Epochs trained on every record before trimming starts: until then the errors do not yet tell anomalies apart. */
    public static final int TRIM_WARMUP_EPOCHS = 2;

    /** The activations a hidden layer may use, as the fraud-score SMT evaluates them. */
    public enum HiddenActivation { TANH, RELU }

    /** Checks every option; a problem is an {@link IllegalArgumentException} naming the option as the CLI spells it. */
    public TrainingOptions {
        hiddenLayers = List.copyOf(hiddenLayers);
        if (hiddenLayers.isEmpty()) {
            throw new IllegalArgumentException("--layers needs at least one hidden layer size");
        }
        for (int size : hiddenLayers) {
            if (size < 1) {
                throw new IllegalArgumentException("--layers sizes must be at least 1, got " + size);
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("--activation is missing");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be a positive number, got " + learningRate);
        }
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("--validation-split must be between 0 and 1 (exclusive), got " + validationSplit);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("--patience must be at least 1, got " + patience);
        }
        if (!(trim >= 0 && trim < 0.5)) {
            throw new IllegalArgumentException("--trim must be at least 0 and below 0.5, got " + trim);
        }
        if (!(thresholdPercentile > 0 && thresholdPercentile <= 100)) {
            throw new IllegalArgumentException("--threshold-percentile must be above 0 and at most 100, got "
                    + thresholdPercentile);
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(DEFAULT_HIDDEN_LAYERS, HiddenActivation.TANH, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE,
                DEFAULT_LEARNING_RATE, DEFAULT_VALIDATION_SPLIT, DEFAULT_PATIENCE, DEFAULT_THRESHOLD_PERCENTILE,
                DEFAULT_SEED, DEFAULT_TRIM);
    }
}
