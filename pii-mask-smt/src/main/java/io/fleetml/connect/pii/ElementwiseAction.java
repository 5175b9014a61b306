package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;

/** An action on single values that, given an array, masks every element (a list of e-mails, of card numbers). */
abstract class ElementwiseAction implements MaskAction {
    @Override
    public final ValuePlan plan(Schema schema, String path) {
        if (schema.type() != Schema.Type.ARRAY) {
            return planValue(schema, path);
        }
        return SchemaPlanner.planArray(schema, plan(schema.valueSchema(), path));
    }

    @Override
    public final Object mask(Object value, String path) {
        if (value instanceof List<?> in) {
            List<Object> masked = new ArrayList<>(in.size());
            for (Object e : in) {
                masked.add(e == null ? null : mask(e, path));
            }
            return masked;
        }
        return maskValue(value, path);
    }

    abstract ValuePlan planValue(Schema schema, String path);

    abstract Object maskValue(Object value, String path);

    final MaskException unsupported(String path, Object found) {
        return new MaskException(path, configKey(), "unsupported type " + found);
    }

    static String typeName(Object value) {
        return value.getClass().getSimpleName();
    }
}
