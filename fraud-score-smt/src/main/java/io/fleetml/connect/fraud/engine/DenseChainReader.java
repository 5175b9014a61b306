package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.connect.fraud.model.DenseLayer;
import io.fleetml.connect.fraud.model.DenseNetwork;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the serving graph behind a signature as a chain of dense layers, {@code [activation] ← BiasAdd|Add|AddV2 ←
 * MatMul}, from the signature's output back to its input placeholder, and copies the current weights and biases out of
 * the session once. The result is evaluated in plain Java by {@link DenseNetwork}; a graph of any other shape is
 * reported with the op that does not fit.
 */
public final class DenseChainReader {
    /** The graph ops that are the activations of {@link Activation}; a layer without one is {@link Activation#LINEAR}. */
    private static final Map<String, Activation> ACTIVATIONS = Map.of(
            "Relu", Activation.RELU,
            "Tanh", Activation.TANH,
            "Sigmoid", Activation.SIGMOID,
            "Elu", Activation.ELU,
            "Selu", Activation.SELU,
            "LeakyRelu", Activation.LEAKY_RELU);
    private static final List<String> BIAS_OPS = List.of("BiasAdd", "Add", "AddV2");

    private DenseChainReader() {
    }

    /** The network behind {@code signature}, whose variables {@code session} holds (as loaded from a SavedModel). */
    public static DenseNetwork read(Session session, Signature signature) throws UnsupportedGraphException {
        Graph graph = session.graph();
        Output<?> input = onlyTensor(graph, signature.getInputs(), "input", signature.key());
        var reconstruction = ReconstructionOutput.of(signature);
        Output<?> output = onlyTensor(graph, reconstruction == null ? signature.getOutputs() : Map.ofEntries(reconstruction),
                "output", signature.key());
        List<LayerOps> chain = new ArrayList<>();
        Output<?> current = skipIdentities(output);
        while (!current.equals(input)) {
            chain.add(layerEndingAt(current, chain.size() + 1));
            current = skipIdentities(chain.get(chain.size() - 1).previous());
        }
        if (chain.isEmpty()) {
            throw new UnsupportedGraphException("the output of signature '" + signature.key() + "' is its input: there is no layer");
        }
        Collections.reverse(chain);
        DenseNetwork network = withValues(session, chain);
        long width = signature.getInputs().values().iterator().next().shape.get(1);
        if (width >= 0 && network.inputSize() != width) {
            throw new UnsupportedGraphException("the first layer takes " + network.inputSize()
                    + " inputs, the signature's input has " + width);
        }
        return network;
    }

    private static Output<?> onlyTensor(Graph graph, Map<String, Signature.TensorDescription> tensors, String what,
                                        String key) throws UnsupportedGraphException {
        if (tensors.size() != 1) {
            throw new UnsupportedGraphException("signature '" + key + "' has " + tensors.size() + " " + what
                    + "s " + tensors.keySet() + ", the Java engine evaluates exactly one");
        }
        Signature.TensorDescription tensor = tensors.values().iterator().next();
        if (tensor.dataType != DataType.DT_FLOAT) {
            throw new UnsupportedGraphException("the " + what + " of signature '" + key + "' is " + tensor.dataType
                    + ", the Java engine evaluates DT_FLOAT");
        }
        if (tensor.shape.numDimensions() != 2) {
            throw new UnsupportedGraphException("the " + what + " of signature '" + key + "' has shape " + tensor.shape
                    + ", the Java engine evaluates a batch of vectors, shape [-1, n]");
        }
        return graph.outputOrThrow(tensor.name);
    }

    /** The ops of one layer, found walking back from its output; {@code position} counts layers from the output. */
    private static LayerOps layerEndingAt(Output<?> layerOutput, int position) throws UnsupportedGraphException {
        GraphOperation op = (GraphOperation) layerOutput.op();
        Activation activation = ACTIVATIONS.get(op.type());
        if (activation != null) {
            requireFloat(layerOutput, op, position);
            if (activation == Activation.LEAKY_RELU) {
                float alpha = op.attributes().getAttrFloat("alpha");
                if (alpha != (float) Activation.LEAKY_RELU_ALPHA) {
                    throw new UnsupportedGraphException(at(position) + "LeakyRelu '" + op.name() + "' has alpha " + alpha
                            + ", the Java engine implements alpha " + Activation.LEAKY_RELU_ALPHA);
                }
            }
            op = (GraphOperation) skipIdentities(op.input(0)).op();
        } else {
            activation = Activation.LINEAR;
        }
        if (!BIAS_OPS.contains(op.type())) {
            throw new UnsupportedGraphException(at(position) + "expected " + (activation == Activation.LINEAR
                    ? "an activation (" + String.join(", ", ACTIVATIONS.keySet().stream().sorted().toList()) + ") or " : "")
                    + "BiasAdd, found " + describe(op));
        }
        requireFloat(op.output(0), op, position);
        int matMulSide = matMulInput(op, position);
        GraphOperation matMul = (GraphOperation) skipIdentities(op.input(matMulSide)).op();
        Output<?> bias = parameter(op.input(1 - matMulSide), "bias", position);
        if (matMul.attributes().getAttrBool("transpose_a")) {
            throw new UnsupportedGraphException(at(position) + describe(matMul) + " transposes its input");
        }
        Output<?> weights = parameter(matMul.input(1), "weights", position);
        return new LayerOps(weights, matMul.attributes().getAttrBool("transpose_b"), bias, activation, matMul.input(0));
    }

    /** Which input of the bias op comes from the MatMul: BiasAdd takes it first, Add and AddV2 either way round. */
    private static int matMulInput(GraphOperation biasOp, int position) throws UnsupportedGraphException {
        for (int side = 0; side < (biasOp.type().equals("BiasAdd") ? 1 : 2); side++) {
            if (skipIdentities(biasOp.input(side)).op().type().equals("MatMul")) {
                return side;
            }
        }
        throw new UnsupportedGraphException(at(position) + describe(biasOp) + " does not add to a MatMul: its input is "
                + describe((GraphOperation) skipIdentities(biasOp.input(0)).op()));
    }

    /**
     * The tensor holding a layer's weights or bias: a reference variable, a resource variable's read, or a constant,
     * possibly behind Identity ops. Anything computed is refused, since it might depend on the input.
     */
    private static Output<?> parameter(Output<?> operand, String what, int position) throws UnsupportedGraphException {
        Output<?> source = skipIdentities(operand);
        GraphOperation op = (GraphOperation) source.op();
        boolean stored = switch (op.type()) {
            case "Const", "VariableV2", "Variable" -> true;
            case "ReadVariableOp" -> op.input(0).op().type().equals("VarHandleOp");
            default -> false;
        };
        if (!stored) {
            throw new UnsupportedGraphException(at(position) + "the " + what + " come from " + describe(op)
                    + ", expected a variable or a constant");
        }
        return source;
    }

    /** Fetches every weight and bias in one session run and builds the network from copies of them. */
    private static DenseNetwork withValues(Session session, List<LayerOps> chain) throws UnsupportedGraphException {
        Session.Runner runner = session.runner();
        for (LayerOps layer : chain) {
            runner.fetch(layer.weights()).fetch(layer.bias());
        }
        List<DenseLayer> layers = new ArrayList<>();
        try (Result values = runner.run()) {
            for (int i = 0; i < chain.size(); i++) {
                LayerOps ops = chain.get(i);
                int position = chain.size() - i;
                float[][] weights = matrix(values.get(2 * i), ops, position);
                float[] bias = vector(values.get(2 * i + 1), ops, position);
                try {
                    layers.add(new DenseLayer(weights, bias, ops.activation()));
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedGraphException(at(position) + e.getMessage());
                }
            }
        }
        try {
            return new DenseNetwork(layers);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedGraphException("layers counted from the input: " + e.getMessage());
        }
    }

    private static float[][] matrix(Tensor tensor, LayerOps ops, int position) throws UnsupportedGraphException {
        if (!(tensor instanceof TFloat32 floats) || tensor.shape().numDimensions() != 2) {
            throw new UnsupportedGraphException(at(position) + "the weights '" + ops.weights().op().name() + "' are "
                    + tensor.dataType() + " of shape " + tensor.shape() + ", expected a DT_FLOAT matrix");
        }
        float[][] values = StdArrays.array2dCopyOf(floats);
        return ops.transposeWeights() ? transpose(values) : values;
    }

    /** A bias of shape [n], or [1, n] as an Add broadcasts it over the batch. */
    private static float[] vector(Tensor tensor, LayerOps ops, int position) throws UnsupportedGraphException {
        boolean row = tensor.shape().numDimensions() == 2 && tensor.shape().get(0) == 1;
        if (!(tensor instanceof TFloat32 floats) || !(tensor.shape().numDimensions() == 1 || row)) {
            throw new UnsupportedGraphException(at(position) + "the bias '" + ops.bias().op().name() + "' is "
                    + tensor.dataType() + " of shape " + tensor.shape() + ", expected a DT_FLOAT vector");
        }
        return row ? StdArrays.array2dCopyOf(floats)[0] : StdArrays.array1dCopyOf(floats);
    }

    private static float[][] transpose(float[][] m) {
        float[][] t = new float[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static void requireFloat(Output<?> out, GraphOperation op, int position) throws UnsupportedGraphException {
        if (out.dataType() != DataType.DT_FLOAT) {
            throw new UnsupportedGraphException(at(position) + describe(op) + " computes " + out.dataType()
                    + ", the Java engine evaluates DT_FLOAT");
        }
    }

    private static Output<?> skipIdentities(Output<?> output) {
        Output<?> current = output;
        while (current.op().type().equals("Identity")) {
            current = ((GraphOperation) current.op()).input(0);
        }
        return current;
    }

    private static String at(int position) {
        return "layer " + position + " counted from the output: ";
    }

    private static String describe(GraphOperation op) {
        return op.type() + " op '" + op.name() + "'";
    }

    /** The graph pieces of one layer, before their values are read. {@code previous} is the layer's input. */
    private record LayerOps(Output<?> weights, boolean transposeWeights, Output<?> bias, Activation activation,
                            Output<?> previous) {
    }
}
