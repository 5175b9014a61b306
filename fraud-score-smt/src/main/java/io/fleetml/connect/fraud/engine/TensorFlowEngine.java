package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.DenseNetwork;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Scores by running the SavedModel's signature in TensorFlow, one {@code Session.run} on a {@code [1, n]} tensor per
 * record: for graphs the Java engine cannot evaluate. Owns the bundle and closes it.
 */
public final class TensorFlowEngine implements ScoringEngine {
    private final SavedModelBundle bundle;
    private final Session session;
    private final String inputTensor;
    private final String outputTensor;
    private final int inputSize;

    /**
     * Takes ownership of {@code bundle}. The signature must have one DT_FLOAT input of shape [-1, n] with n known and
     * one output (or one named reconstruction among several); anything else is an {@link IllegalArgumentException} naming what was found.
     */
    public TensorFlowEngine(SavedModelBundle bundle, Signature signature) {
        var output = ReconstructionOutput.of(signature.getOutputs());
        if (signature.getInputs().size() != 1 || output == null) {
            throw new IllegalArgumentException("signature '" + signature.key() + "' has inputs " + signature.inputNames()
                    + " and outputs " + signature.outputNames() + ", expected one input and one output (or one named '"
                    + ReconstructionOutput.NAME + "')");
        }
        Signature.TensorDescription input = signature.getInputs().values().iterator().next();
        Shape shape = input.shape;
        if (shape.numDimensions() != 2 || shape.get(1) < 1) {
            throw new IllegalArgumentException("the input of signature '" + signature.key() + "' has shape " + shape
                    + ", expected [-1, n] with n known");
        }
        this.bundle = bundle;
        this.session = bundle.session();
        this.inputTensor = input.name;
        this.outputTensor = output.getValue().name;
        this.inputSize = (int) shape.get(1);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public double score(float[] normalizedInput) {
        if (normalizedInput.length != inputSize) {
            throw new IllegalArgumentException("input has " + normalizedInput.length + " values, the model takes " + inputSize);
        }
        float[] reconstruction;
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, inputSize), DataBuffers.of(normalizedInput, true, false));
             Result result = session.runner().feed(inputTensor, input).fetch(outputTensor).run()) {
            reconstruction = StdArrays.array2dCopyOf((TFloat32) result.get(0))[0];
        }
        return DenseNetwork.meanSquaredError(normalizedInput, reconstruction);
    }

    @Override
    public String description() {
        return "tensorflow (Session.run per record)";
    }

    @Override
    public void close() {
        bundle.close();
    }
}
