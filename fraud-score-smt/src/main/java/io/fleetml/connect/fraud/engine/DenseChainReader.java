package io.fleetml.connect.fraud.engine;

import io.fleetml.connect.fraud.model.Activation;
import io.fleetml.connect.fraud.model.DenseLayer;
import io.fleetml.connect.fraud.model.DenseNetwork;
import io.fleetml.model.checkpoint.TensorBundle;
import io.fleetml.model.graph.AttrValues;
import io.fleetml.model.graph.Dataflow;
import io.fleetml.model.graph.Dataflow.Tensor;
import io.fleetml.model.graph.RestoredVariables;
import io.fleetml.model.graph.SavedModelGraphs.MetaGraph;
import io.fleetml.model.graph.SavedModelGraphs.Signature;
import io.fleetml.model.graph.SavedModelGraphs.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the serving graph behind a signature as a chain of dense layers, {@code [activation] ← [BiasAdd|Add|AddV2] ←
 * MatMul|Mul}, from the signature's output back to its input, and the weights from the SavedModel's variables, all in
 * plain Java: TensorFlow is not loaded. Calls into the function library are followed ({@link Dataflow}), so TF1 graphs
 * and TF2 / Keras graphs read alike; variables are found through the restore graph ({@link RestoredVariables}) and
 * read from the tensor bundle. A graph of any other shape is reported with the op that does not fit, its node and
 * function.
 */
public final class DenseChainReader {
    /** The graph ops that are the activations of {@link Activation}; a layer without one is {@link Activation#LINEAR}. */
    private static final Map<String, Activation> ACTIVATIONS = Map.of(
            "Relu", Activation.RELU,
            "Tanh", Activation.TANH,
            "Sigmoid", Activation.SIGMOID,
            "Elu", Activation.ELU,
            "Selu", Activation.SELU,
            "LeakyRelu", Activation.LEAKY_RELU,
            "Softmax", Activation.SOFTMAX);
    private static final Set<String> BIAS_OPS = Set.of("BiasAdd", "Add", "AddV2");
    /** MatMul by a weight matrix, or Mul by a scalar or a vector, which is a dense layer of diagonal weights. */
    private static final Set<String> PRODUCT_OPS = Set.of("MatMul", "Mul");
    /** More layers than this means the walk is not following a dense chain, whatever the graph is. */
    private static final int MAX_LAYERS = 1_000;

    private final Path dir;
    private final Dataflow flow;
    private final Map<String, String> checkpointKeys;
    private TensorBundle bundle;

    private DenseChainReader(Path dir, Dataflow flow, Map<String, String> checkpointKeys) {
        this.dir = dir;
        this.flow = flow;
        this.checkpointKeys = checkpointKeys;
    }

    /**
     * The network behind {@code signatureKey} of {@code graph}, the MetaGraph of the SavedModel in {@code dir}. An
     * {@link UnsupportedGraphException} when the graph is not a dense chain; an {@link IOException} when its variables
     * cannot be read.
     */
    public static DenseNetwork read(Path dir, MetaGraph graph, String signatureKey)
            throws UnsupportedGraphException, IOException {
        Signature signature = graph.signatures().get(signatureKey);
        if (signature == null) {
            throw new UnsupportedGraphException("the SavedModel has no signature '" + signatureKey + "'");
        }
        TensorInfo input = onlyTensor(signature.inputs(), "input", signatureKey);
        var reconstruction = ReconstructionOutput.of(signature.outputs());
        TensorInfo output = onlyTensor(reconstruction == null ? signature.outputs() : Map.ofEntries(reconstruction),
                "output", signatureKey);
        Dataflow flow = new Dataflow(graph);
        List<LayerOps> chain;
        DenseChainReader reader;
        try {
            reader = new DenseChainReader(dir, flow, RestoredVariables.keys(flow));
            chain = reader.chain(flow.tensor(input.name()), flow.tensor(output.name()), signatureKey);
        } catch (IOException e) {
            throw new UnsupportedGraphException("its graph cannot be followed: " + e.getMessage());
        }
        return reader.withValues(chain, input.shape()[1]);
    }

    private static TensorInfo onlyTensor(Map<String, TensorInfo> tensors, String what, String key)
            throws UnsupportedGraphException {
        if (tensors.size() != 1) {
            throw new UnsupportedGraphException("signature '" + key + "' has " + tensors.size() + " " + what
                    + "s " + tensors.keySet() + ", the Java engine evaluates exactly one");
        }
        TensorInfo tensor = tensors.values().iterator().next();
        if (tensor.dtype() != AttrValues.DT_FLOAT) {
            throw new UnsupportedGraphException("the " + what + " of signature '" + key + "' has dtype "
                    + tensor.dtype() + ", the Java engine evaluates DT_FLOAT");
        }
        if (tensor.shape() == null || tensor.shape().length != 2) {
            throw new UnsupportedGraphException("the " + what + " of signature '" + key + "' has shape "
                    + (tensor.shape() == null ? "of unknown rank" : Arrays.toString(tensor.shape()))
                    + ", the Java engine evaluates a batch of vectors, shape [-1, n]");
        }
        return tensor;
    }

    /** The layers from the output back to the input, found walking the graph. */
    private List<LayerOps> chain(Tensor input, Tensor output, String signatureKey)
            throws IOException, UnsupportedGraphException {
        List<LayerOps> chain = new ArrayList<>();
        Tensor current = skipIdentitiesTo(output, input);
        while (!current.sameAs(input)) {
            if (chain.size() == MAX_LAYERS) {
                throw new UnsupportedGraphException("more than " + MAX_LAYERS + " layers lead to the output");
            }
            LayerOps layer = layerEndingAt(current, chain.size() + 1);
            chain.add(layer);
            current = skipIdentitiesTo(layer.previous(), input);
        }
        if (chain.isEmpty()) {
            throw new UnsupportedGraphException("the output of signature '" + signatureKey
                    + "' is its input: there is no layer");
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The ops of one layer, found walking back from its output; {@code position} counts layers from the output. */
    private LayerOps layerEndingAt(Tensor layerOutput, int position) throws IOException, UnsupportedGraphException {
        Tensor op = layerOutput;
        Activation activation = ACTIVATIONS.get(op.node().op());
        double alpha = Activation.LEAKY_RELU_ALPHA;
        if (activation != null) {
            requireFloat(op, position);
            if (activation == Activation.LEAKY_RELU) {
                alpha = AttrValues.floatValue(op.node(), "alpha").orElse((float) Activation.LEAKY_RELU_ALPHA);
            }
            op = flow.skipIdentities(flow.input(op, 0));
        } else {
            activation = Activation.LINEAR;
        }
        Tensor bias = null;
        if (BIAS_OPS.contains(op.node().op())) {
            requireFloat(op, position);
            int productSide = productInput(op, position);
            bias = parameter(flow.input(op, 1 - productSide), "bias", position);
            op = flow.skipIdentities(flow.input(op, productSide));
        }
        if (!PRODUCT_OPS.contains(op.node().op())) {
            throw new UnsupportedGraphException(at(position) + "expected "
                    + (activation == Activation.LINEAR ? "an activation (" + String.join(", ",
                    ACTIVATIONS.keySet().stream().sorted().toList()) + "), " : "")
                    + (bias == null ? "BiasAdd or MatMul" : "MatMul") + ", found " + op.describe());
        }
        requireFloat(op, position);
        if (op.node().op().equals("MatMul")) {
            if (AttrValues.bool(op.node(), "transpose_a").orElse(false)) {
                throw new UnsupportedGraphException(at(position) + op.describe() + " transposes its input");
            }
            return new LayerOps(parameter(flow.input(op, 1), "weights", position),
                    AttrValues.bool(op.node(), "transpose_b").orElse(false), false, bias, activation, alpha,
                    flow.input(op, 0));
        }
        for (int side = 1; side >= 0; side--) {
            Optional<Tensor> scale = stored(flow.input(op, side));
            if (scale.isPresent()) {
                return new LayerOps(scale.get(), false, true, bias, activation, alpha, flow.input(op, 1 - side));
            }
        }
        throw new UnsupportedGraphException(at(position) + op.describe()
                + " multiplies two computed tensors, expected a variable or a constant on one side");
    }

    /** Which input of the bias op comes from the product: BiasAdd takes it first, Add and AddV2 either way round. */
    private int productInput(Tensor biasOp, int position) throws IOException, UnsupportedGraphException {
        for (int side = 0; side < (biasOp.node().op().equals("BiasAdd") ? 1 : 2); side++) {
            if (PRODUCT_OPS.contains(flow.skipIdentities(flow.input(biasOp, side)).node().op())) {
                return side;
            }
        }
        throw new UnsupportedGraphException(at(position) + biasOp.describe()
                + " does not add to a MatMul: its input is " + flow.skipIdentities(flow.input(biasOp, 0)).describe());
    }

    /**
     * The tensor holding a layer's weights or bias: a reference variable, a resource variable's read, or a constant,
     * possibly behind Identity ops. Anything computed is refused, since it might depend on the input.
     */
    private Tensor parameter(Tensor operand, String what, int position) throws IOException, UnsupportedGraphException {
        Optional<Tensor> source = stored(operand);
        if (source.isEmpty()) {
            throw new UnsupportedGraphException(at(position) + "the " + what + " come from "
                    + flow.skipIdentities(operand).describe() + ", expected a variable or a constant");
        }
        return source.get();
    }

    /** The variable or constant behind {@code operand}: a top-level variable node, or a Const. */
    private Optional<Tensor> stored(Tensor operand) throws IOException {
        Tensor source = flow.skipIdentities(operand);
        String op = source.node().op();
        if (op.equals("Const")) {
            return Optional.of(source);
        }
        if (op.equals("ReadVariableOp")) {
            source = flow.input(source, 0);
            op = source.node().op();
            if (!op.equals("VarHandleOp")) {
                return Optional.empty();
            }
        }
        boolean variable = op.equals("VarHandleOp") || op.equals("VariableV2") || op.equals("Variable");
        return variable && source.frame().function() == null ? Optional.of(source) : Optional.empty();
    }

    /** Reads every weight and bias and builds the network, from the input on; {@code width} is the input's. */
    private DenseNetwork withValues(List<LayerOps> chain, long inputWidth)
            throws UnsupportedGraphException, IOException {
        List<DenseLayer> layers = new ArrayList<>();
        long width = inputWidth;
        for (int i = 0; i < chain.size(); i++) {
            LayerOps ops = chain.get(i);
            int position = chain.size() - i;
            float[][] weights = ops.diagonal() ? diagonal(ops, width, position) : matrix(ops, width, position);
            width = weights[0].length;
            float[] bias = ops.bias() == null ? new float[(int) width] : bias(ops, (int) width, position);
            try {
                layers.add(new DenseLayer(weights, bias, ops.activation(), ops.alpha()));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedGraphException(at(position) + e.getMessage());
            }
        }
        try {
            return new DenseNetwork(layers);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedGraphException("layers counted from the input: " + e.getMessage());
        }
    }

    private float[][] matrix(LayerOps ops, long width, int position) throws UnsupportedGraphException, IOException {
        TensorBundle.FloatTensor tensor = values(ops.weights(), "weights", position);
        long[] shape = tensor.shape();
        if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new UnsupportedGraphException(at(position) + "the weights of " + ops.weights().describe()
                    + " have shape " + Arrays.toString(shape) + ", expected a matrix");
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[][] m = new float[ops.transposeWeights() ? cols : rows][ops.transposeWeights() ? rows : cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float value = tensor.values()[r * cols + c];
                if (ops.transposeWeights()) {
                    m[c][r] = value;
                } else {
                    m[r][c] = value;
                }
            }
        }
        if (width >= 0 && m.length != width) {
            throw new UnsupportedGraphException(at(position) + "the weights of " + ops.weights().describe() + " take "
                    + m.length + " inputs, the layer before gives " + width);
        }
        return m;
    }

    /** A Mul by a scalar or by one factor per value, as the dense layer it is: weights with that diagonal. */
    private float[][] diagonal(LayerOps ops, long width, int position) throws UnsupportedGraphException, IOException {
        TensorBundle.FloatTensor tensor = values(ops.weights(), "factor", position);
        float[] factors = vector(tensor);
        if (factors == null || (factors.length != 1 && width >= 0 && factors.length != width)
                || (factors.length == 1 && width < 0)) {
            throw new UnsupportedGraphException(at(position) + "the factor of " + ops.weights().describe()
                    + " has shape " + Arrays.toString(tensor.shape()) + ", expected a scalar or one per input of "
                    + (width < 0 ? "an unknown number" : String.valueOf(width)));
        }
        int n = factors.length == 1 ? (int) width : factors.length;
        float[][] m = new float[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = factors[factors.length == 1 ? 0 : i];
        }
        return m;
    }

    /** A bias of shape [n], [1, n] as an Add broadcasts it over the batch, or a scalar added to every value. */
    private float[] bias(LayerOps ops, int width, int position) throws UnsupportedGraphException, IOException {
        Tensor source = ops.bias();
        TensorBundle.FloatTensor tensor = values(source, "bias", position);
        float[] values = vector(tensor);
        if (values == null || (values.length != 1 && values.length != width)) {
            throw new UnsupportedGraphException(at(position) + "the bias " + source.describe() + " has shape "
                    + Arrays.toString(tensor.shape()) + ", expected " + width + " values");
        }
        if (values.length == width) {
            return values;
        }
        float[] filled = new float[width];
        Arrays.fill(filled, values[0]);
        return filled;
    }

    /** The values of a scalar, a vector, or a [1, n] row; null for any other shape. */
    private static float[] vector(TensorBundle.FloatTensor tensor) {
        long[] shape = tensor.shape();
        boolean fits = shape.length == 0 || shape.length == 1 || (shape.length == 2 && shape[0] == 1);
        return fits && tensor.values().length > 0 ? tensor.values() : null;
    }

    private TensorBundle.FloatTensor values(Tensor source, String what, int position)
            throws UnsupportedGraphException, IOException {
        if (source.node().op().equals("Const")) {
            AttrValues.ConstTensor constant = AttrValues.tensor(source.node(), "value")
                    .orElseThrow(() -> new UnsupportedGraphException(at(position) + source.describe() + " has no value"));
            if (constant.dtype() != AttrValues.DT_FLOAT) {
                throw new UnsupportedGraphException(at(position) + "the " + what + " " + source.describe()
                        + " have dtype " + constant.dtype() + ", the Java engine evaluates DT_FLOAT");
            }
            return new TensorBundle.FloatTensor(constant.shape(), constant.floats());
        }
        String key = checkpointKeys.get(source.node().name());
        if (key == null) {
            throw new UnsupportedGraphException(at(position) + "the " + what + " variable " + source.describe()
                    + " is not restored from the checkpoint by the saver");
        }
        if (bundle == null) {
            bundle = TensorBundle.open(dir);
        }
        return bundle.floats(key);
    }

    private Tensor skipIdentitiesTo(Tensor tensor, Tensor input) throws IOException {
        Tensor current = tensor;
        while (!current.sameAs(input) && current.node().op().equals("Identity")) {
            current = flow.input(current, 0);
        }
        return current;
    }

    private static void requireFloat(Tensor op, int position) throws IOException, UnsupportedGraphException {
        Optional<Integer> type = AttrValues.type(op.node(), "T");
        if (type.isPresent() && type.get() != AttrValues.DT_FLOAT) {
            throw new UnsupportedGraphException(at(position) + op.describe() + " computes dtype " + type.get()
                    + ", the Java engine evaluates DT_FLOAT");
        }
    }

    private static String at(int position) {
        return "layer " + position + " counted from the output: ";
    }

    /**
     * The graph pieces of one layer, before their values are read: {@code weights} a matrix, or the factors of a Mul
     * when {@code diagonal}; {@code bias} null when the layer has none. {@code previous} is the layer's input.
     */
    private record LayerOps(Tensor weights, boolean transposeWeights, boolean diagonal, Tensor bias,
                            Activation activation, double alpha, Tensor previous) {
    }
}
