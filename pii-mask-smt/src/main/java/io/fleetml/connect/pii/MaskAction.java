package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** One way of removing personal data from a field, for values with a schema and for schemaless values. */
interface MaskAction {
    /** The setting that lists this action's fields, used in messages. */
    String configKey();

    /**
     * Plans the masking of a field of this schema, or fails at first sight with a {@link MaskException} when the
     * type cannot take the action.
     */
    ValuePlan plan(Schema schema, String path);

    /** Masks a non-null schemaless value. */
    Object mask(Object value, String path);

    /** Whether the field is removed rather than rewritten; its parent does that. */
    default boolean drops() {
        return false;
    }
}
