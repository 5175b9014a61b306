package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** Removes a field. The field's parent does the removal, so this action never rewrites a value itself. */
final class DropAction implements MaskAction {
    @Override
    public String configKey() {
        return PiiMaskConfig.DROP_FIELDS_CONFIG;
    }

    @Override
    public boolean drops() {
        return true;
    }

    @Override
    public ValuePlan plan(Schema schema, String path) {
        throw new IllegalStateException("a dropped field is removed by its parent, not planned");
    }

    @Override
    public Object mask(Object value, String path) {
        throw new IllegalStateException("a dropped field is removed by its parent, not masked");
    }
}
