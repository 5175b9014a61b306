package io.fleetml.connect.fraud.engine;

import org.tensorflow.Signature;

import java.util.Map;

/**
 * Which output of a serving signature is the reconstruction: the only one, or the one named {@value #NAME} when the
 * signature has several (the trainer also exports the per-record error, which the SMT computes itself so that both
 * engines score the same way).
 */
final class ReconstructionOutput {
    static final String NAME = "reconstruction";

    private ReconstructionOutput() {
    }

    /** The reconstruction's entry, or null when the signature has several outputs and none of them is named so. */
    static Map.Entry<String, Signature.TensorDescription> of(Signature signature) {
        Map<String, Signature.TensorDescription> outputs = signature.getOutputs();
        if (outputs.size() == 1) {
            return outputs.entrySet().iterator().next();
        }
        Signature.TensorDescription named = outputs.get(NAME);
        return named == null ? null : Map.entry(NAME, named);
    }
}
