package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.DenseNetwork;

/**
 * Scores with the weights copied out of the SavedModel, in plain Java: no native call per record, which is what keeps
 * a task from being capped at TensorFlow's per-call cost (about 70 µs per call, measured in benchmarks/RESULTS.md).
 */
public final class JavaEngine implements ScoringEngine {
    private final DenseNetwork network;
    private final DenseNetwork.Evaluator evaluator;

    public JavaEngine(DenseNetwork network) {
        if (network.outputSize() != network.inputSize()) {
            throw new IllegalArgumentException("not an autoencoder: the network takes " + network.inputSize()
                    + " values and gives " + network.outputSize());
        }
        this.network = network;
        this.evaluator = network.evaluator();
    }

    @Override
    public int inputSize() {
        return network.inputSize();
    }

    @Override
    public double score(float[] normalizedInput) {
        return evaluator.reconstructionError(normalizedInput);
    }

    @Override
    public String description() {
        int layers = network.layers().size();
        return "java (" + layers + " dense " + (layers == 1 ? "layer" : "layers") + ")";
    }

    @Override
    public void close() {
        // Holds nothing but Java arrays.
    }
}
