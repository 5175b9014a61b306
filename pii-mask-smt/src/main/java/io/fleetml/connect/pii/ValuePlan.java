package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * How a value of one particular schema is masked: its output schema, computed once per input schema, and the function
 * that rewrites a (non-null) value. A {@code null} plan means "nothing to change" and lets the value through as is.
 */
interface ValuePlan {
    Schema schema();

    Object apply(Object value);

    /**
     * Whether applying the plan can change the value; a plan that only reports configured paths the value lacks
     * returns it as is, keeps its schema, and needs no copy of the parent.
     */
    default boolean rewrites() {
        return true;
    }

    static ValuePlan of(Schema schema, UnaryOperator<Object> rewrite) {
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

    /** A plan that changes nothing and only looks at the value, for paths it lacks. */
    static ValuePlan inspecting(Schema schema, Consumer<Object> inspect) {
        return new ValuePlan() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public Object apply(Object value) {
                inspect.accept(value);
                return value;
            }

            @Override
            public boolean rewrites() {
                return false;
            }
        };
    }
}
