package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** An action that rewrites string values only, such as partial masking or the free-text scan. */
abstract class StringAction extends ElementwiseAction {
    @Override
    final ValuePlan planValue(Schema schema, String path) {
        if (schema.type() != Schema.Type.STRING) {
            throw unsupported(path, schema.type());
        }
        return ValuePlan.of(schema, value -> rewrite((String) value));
    }

    @Override
    final Object maskValue(Object value, String path) {
        if (!(value instanceof String s)) {
            throw unsupported(path, typeName(value));
        }
        return rewrite(s);
    }

    abstract String rewrite(String value);
}
