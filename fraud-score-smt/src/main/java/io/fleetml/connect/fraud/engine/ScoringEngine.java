package io.fleetml.connect.fraud.engine;

/**
 * Computes the anomaly score of one normalized feature vector: the mean squared error between the vector and the
 * autoencoder's reconstruction of it. An instance serves one task thread; {@link #close()} releases what it holds.
 */
public interface ScoringEngine extends AutoCloseable {
    /** How many numbers the model takes. */
    int inputSize();

    /** The mean squared reconstruction error of {@code normalizedInput}, which has {@link #inputSize()} values. */
    double score(float[] normalizedInput);

    /** What evaluates the model, for logs: e.g. "java (3 dense layers)". */
    String description();

    @Override
    void close();
}
