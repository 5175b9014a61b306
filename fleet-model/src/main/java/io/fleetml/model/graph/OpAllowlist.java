package io.fleetml.model.graph;

import java.util.Set;

/**
 * The TensorFlow ops a model may contain, by what they may do. Nothing here reads or writes a file, the network or the
 * environment, runs Python, or formats or prints strings; an op not listed is refused, so a new op is refused until
 * someone decides it is safe.
 *
 * <p>The inference ops are those of the Keras and TensorFlow Java exports this project meets (dense layers, their
 * activations, the variables they read, TF2's function calls, TF1's {@code ParseExample} signatures) and of the
 * trainer's export, which keeps its training graph (Adam and the gradients of the activations it offers), plus a
 * margin of pure math and array ops of the same kind. The checkpoint ops touch files, so they are allowed only where
 * the SavedModel's saver uses them: see {@link GraphCheck}.
 */
final class OpAllowlist {
    /** Ops that compute on tensors and variables only. */
    static final Set<String> INFERENCE = Set.of(
            // Graph structure, constants, inputs and TF2 function calls (whose bodies are checked too).
            "Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp", "StopGradient",
            "PartitionedCall", "StatefulPartitionedCall",
            // Variables, TF1 reference and TF2 resource ones, with their restore assignments.
            "VariableV2", "Assign", "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "VarIsInitializedOp",
            // Arithmetic and elementwise math.
            "Add", "AddV2", "AddN", "Sub", "Mul", "Div", "RealDiv", "DivNoNan", "FloorDiv", "FloorMod", "Mod", "Neg",
            "Abs", "Sign", "Square", "SquaredDifference", "Sqrt", "Rsqrt", "Reciprocal", "Exp", "Log", "Log1p", "Pow",
            "Maximum", "Minimum", "ClipByValue", "Floor", "Ceil", "Round", "Erf",
            "Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
            "LogicalNot", "Select", "SelectV2",
            // Reductions and linear algebra.
            "Sum", "Mean", "Prod", "Max", "Min", "ArgMax", "ArgMin", "MatMul", "BatchMatMulV2",
            // Layers and activations.
            "BiasAdd", "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Tanh", "Sigmoid", "Softmax", "Softplus",
            "Softsign",
            // Shapes and array manipulation.
            "Cast", "Shape", "ShapeN", "Size", "Rank", "Reshape", "Squeeze", "ExpandDims", "Pack", "Unpack",
            "ConcatV2", "Slice", "StridedSlice", "GatherV2", "Tile", "Fill", "ZerosLike", "OnesLike", "Range",
            "Transpose", "BroadcastTo", "OneHot",
            // Parsing tf.Example protos from a string input, as TF1 classify and regress signatures do.
            "ParseExample", "ParseExampleV2",
            // Training ops the trainer's export keeps: the optimizer and the gradients of its layers.
            "ApplyAdam", "ResourceApplyAdam", "BiasAddGrad", "BroadcastGradientArgs", "DynamicStitch", "ReluGrad",
            "TanhGrad", "SigmoidGrad", "EluGrad", "SeluGrad", "LeakyReluGrad");

    /** Writes the variables to a checkpoint: only in the saver's save graph, which nothing that loads or scores runs. */
    static final Set<String> CHECKPOINT_WRITE = Set.of("SaveV2", "MergeV2Checkpoints");

    /** Reads the variables from the checkpoint: only in the saver's restore graph. */
    static final Set<String> CHECKPOINT_READ = Set.of("RestoreV2");

    /** Builds the checkpoint's file names: only in the saver's save or restore graph. */
    static final Set<String> CHECKPOINT_NAMING = Set.of("StringJoin", "ShardedFilename", "StaticRegexFullMatch");

    private OpAllowlist() {
    }
}
