package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/**
 * How a value of one particular schema is masked: its output schema, computed once per input schema, and the function
 * that rewrites a (non-null) value. A {@code null} plan means "nothing to change" and lets the value through as is.
 */
interface ValuePlan {
    Schema schema();

    Object apply(Object value);

    static ValuePlan of(Schema schema, java.util.function.UnaryOperator<Object> rewrite) {
        return new ValuePlan() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public Object apply(Object value) {
                return rewrite.apply(value);
            }
        };
    }
}
