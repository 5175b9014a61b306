package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** Replaces a scalar with its keyed pseudonym; the field becomes a string. */
final class HashAction extends ElementwiseAction {
    private final Pseudonymizer pseudonymizer;
    private final PseudonymCache cache;
    private final PiiMaskMetrics.Counter pseudonymized;

    /** {@code cacheSize} 0 computes every pseudonym afresh. */
    HashAction(Pseudonymizer pseudonymizer, int cacheSize, PiiMaskMetrics.Counter pseudonymized) {
        this.pseudonymizer = pseudonymizer;
        this.cache = cacheSize > 0 ? new PseudonymCache(cacheSize) : null;
        this.pseudonymized = pseudonymized;
    }

    private String pseudonymize(Object value) {
        pseudonymized.add(1);
        return cache != null && value instanceof String s ? cache.get(s, pseudonymizer::pseudonymize) : pseudonymizer.pseudonymize(value);
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.HASH_FIELDS_CONFIG;
    }

    @Override
    ValuePlan planValue(Schema schema, String path) {
        return switch (schema.type()) {
            case STRING -> ValuePlan.of(schema, this::pseudonymize);
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, BYTES ->
                    ValuePlan.of(schema.isOptional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA, this::pseudonymize);
            default -> throw unsupported(path, schema.type());
        };
    }

    @Override
    Object maskValue(Object value, String path) {
        if (!Pseudonymizer.canPseudonymize(value)) {
            throw unsupported(path, typeName(value));
        }
        return pseudonymize(value);
    }
}
