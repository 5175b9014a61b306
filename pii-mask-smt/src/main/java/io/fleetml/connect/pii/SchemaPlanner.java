package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the path tree and a record schema into a {@link ValuePlan}: the output schema is built once per input schema,
 * and masking a record then only copies fields along the planned paths.
 */
final class SchemaPlanner {
    private SchemaPlanner() {
    }

    /**
     * The plan for a value of {@code schema} at {@code node}, or {@code null} when nothing in it is masked. Fields the
     * plan removes are counted on {@code dropped} each time it is applied.
     */
    static ValuePlan plan(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid) {
        if (node.action != null) {
            return node.action.plan(schema, node.path);
        }
        return switch (schema.type()) {
            case STRUCT -> planStruct(schema, node, dropped, invalid);
            case ARRAY -> planArray(schema, plan(schema.valueSchema(), node, dropped, invalid));
            case MAP -> planMap(schema, node, dropped, invalid);
            default -> null;
        };
    }

    static ValuePlan planArray(Schema schema, ValuePlan element) {
        if (element == null) {
            return null;
        }
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.array(element.schema()));
        if (schema.isOptional()) {
            builder.optional();
        }
        Schema out = builder.build();
        return ValuePlan.of(out, value -> {
            List<?> in = (List<?>) value;
            List<Object> masked = new ArrayList<>(in.size());
            for (Object e : in) {
                masked.add(e == null ? null : element.apply(e));
            }
            return masked;
        });
    }

    private static ValuePlan planStruct(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        if (schema.isOptional()) {
            builder.optional();
        }
        List<Field> kept = new ArrayList<>();
        List<ValuePlan> plans = new ArrayList<>();
        List<String> invalidReasons = new ArrayList<>();
        boolean changed = false;
        int drops = 0;
        for (Field field : schema.fields()) {
            PathNode child = node.children.get(field.name());
            if (child != null && child.drops()) {
                changed = true;
                drops++;
                continue;
            }
            ValuePlan plan;
            try {
                plan = child == null ? null : plan(field.schema(), child, dropped, invalid);
            } catch (MaskException e) {
                if (!invalid.dropping()) {
                    throw e;
                }
                // The schema cannot take the action, so every record of it loses the field, and says why.
                changed = true;
                invalidReasons.add(e.getMessage());
                continue;
            }
            changed |= plan != null;
            builder.field(field.name(), plan == null ? field.schema() : plan.schema());
            kept.add(field);
            plans.add(plan);
        }
        return changed ? new StructPlan(builder.build(), kept, plans, drops, dropped, invalidReasons, invalid) : null;
    }

    private static ValuePlan planMap(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid) {
        if (schema.keySchema().type() != Schema.Type.STRING) {
            return null;
        }
        Map<String, ValuePlan> plans = new LinkedHashMap<>();
        for (Map.Entry<String, PathNode> child : node.children.entrySet()) {
            PathNode childNode = child.getValue();
            ValuePlan plan = childNode.drops() ? null : plan(schema.valueSchema(), childNode, dropped, invalid);
            if (plan != null && !plan.schema().equals(schema.valueSchema())) {
                throw new MaskException(childNode.path, childNode.action != null ? childNode.action.configKey() : "masking",
                        "every value of a map shares one schema, and this action would change it to " + plan.schema().type());
            }
            if (plan != null || childNode.drops()) {
                plans.put(child.getKey(), plan);
            }
        }
        if (plans.isEmpty()) {
            return null;
        }
        return ValuePlan.of(schema, value -> {
            Map<?, ?> in = (Map<?, ?>) value;
            Map<Object, Object> out = new HashMap<>(in);
            for (Map.Entry<String, ValuePlan> entry : plans.entrySet()) {
                String key = entry.getKey();
                if (!in.containsKey(key)) {
                    continue;
                }
                ValuePlan plan = entry.getValue();
                if (plan == null) {
                    out.remove(key);
                    dropped.add(1);
                } else {
                    Object v = in.get(key);
                    out.put(key, v == null ? null : plan.apply(v));
                }
            }
            return out;
        });
    }

    /** Copies a Struct into the planned schema, rewriting the fields that have a plan and leaving out dropped ones. */
    private static final class StructPlan implements ValuePlan {
        private final Schema schema;
        private final Field[] inFields;
        private final Field[] outFields;
        private final ValuePlan[] plans;
        private final int drops;
        private final PiiMaskMetrics.Counter dropped;
        private final List<String> invalidReasons;
        private final InvalidFields invalid;

        StructPlan(Schema schema, List<Field> inFields, List<ValuePlan> plans, int drops, PiiMaskMetrics.Counter dropped,
                   List<String> invalidReasons, InvalidFields invalid) {
            this.schema = schema;
            this.inFields = inFields.toArray(Field[]::new);
            this.outFields = schema.fields().toArray(Field[]::new);
            this.plans = plans.toArray(ValuePlan[]::new);
            this.drops = drops;
            this.dropped = dropped;
            this.invalidReasons = List.copyOf(invalidReasons);
            this.invalid = invalid;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object apply(Object value) {
            Struct in = (Struct) value;
            Struct out = new Struct(schema);
            for (int i = 0; i < inFields.length; i++) {
                Object v = in.get(inFields[i]);
                ValuePlan plan = plans[i];
                out.put(outFields[i], plan == null || v == null ? v : plan.apply(v));
            }
            if (drops > 0) {
                dropped.add(drops);
            }
            for (String reason : invalidReasons) {
                invalid.dropped(reason);
            }
            return out;
        }
    }
}
