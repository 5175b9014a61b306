package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** Replaces a scalar with its keyed pseudonym; the field becomes a string. */
final class HashAction extends ElementwiseAction {
    private final Pseudonymizer pseudonymizer;

    HashAction(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.HASH_FIELDS_CONFIG;
    }

    @Override
    ValuePlan planValue(Schema schema, String path) {
        return switch (schema.type()) {
            case STRING -> ValuePlan.of(schema, pseudonymizer::pseudonymize);
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, BYTES ->
                    ValuePlan.of(schema.isOptional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA, pseudonymizer::pseudonymize);
            default -> throw unsupported(path, schema.type());
        };
    }

    @Override
    Object maskValue(Object value, String path) {
        if (!Pseudonymizer.canPseudonymize(value)) {
            throw unsupported(path, typeName(value));
        }
        return pseudonymizer.pseudonymize(value);
    }
}
