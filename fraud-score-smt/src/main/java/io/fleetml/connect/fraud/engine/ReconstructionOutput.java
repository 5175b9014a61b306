package io.fleetml.connect.fraud.engine;

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

    /** The reconstruction's entry among a signature's outputs, or null when there are several and none is so named. */
    static <T> Map.Entry<String, T> of(Map<String, T> outputs) {
        if (outputs.size() == 1) {
            return outputs.entrySet().iterator().next();
        }
        T named = outputs.get(NAME);
        return named == null ? null : Map.entry(NAME, named);
    }
}
