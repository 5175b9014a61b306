package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the path tree and a record schema into a {@link ValuePlan}: the output schema is built once per input schema,
 * and masking a record then only copies fields along the planned paths.
 */
final class SchemaPlanner {
    private SchemaPlanner() {
    }

    /**
     * The plan for a value of {@code schema} at {@code node}, or {@code null} when nothing in it is masked or missing.
     * Fields the plan removes are counted on {@code dropped}, and configured paths the value lacks are reported to
     * {@code missing}, each time it is applied.
     */
    static ValuePlan plan(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid, MissingPaths missing) {
        if (node.action != null) {
            return node.action.plan(schema, node.path);
        }
        if (node.children.isEmpty()) {
            return null;
        }
        return switch (schema.type()) {
            case STRUCT -> planStruct(schema, node, dropped, invalid, missing);
            case ARRAY -> planArray(schema, plan(schema.valueSchema(), node, dropped, invalid, missing));
            case MAP -> planMap(schema, node, dropped, invalid, missing);
            default -> ValuePlan.inspecting(schema, value -> missing.allAbsent(node));
        };
    }

    static ValuePlan planArray(Schema schema, ValuePlan element) {
        if (element == null) {
            return null;
        }
        if (!element.rewrites()) {
            return ValuePlan.inspecting(schema, value -> {
                for (Object e : (List<?>) value) {
                    if (e != null) {
                        element.apply(e);
                    }
                }
            });
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

    private static ValuePlan planStruct(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid,
                                        MissingPaths missing) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        if (schema.isOptional()) {
            builder.optional();
        }
        Set<PathNode> present = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Field> kept = new ArrayList<>();
        List<ValuePlan> plans = new ArrayList<>();
        List<String> invalidReasons = new ArrayList<>();
        boolean changed = false;
        boolean inspects = false;
        int drops = 0;
        for (Field field : schema.fields()) {
            PathNode child = node.children.get(field.name());
            if (child != null) {
                present.add(child);
            }
            if (child != null && child.drops()) {
                changed = true;
                drops++;
                continue;
            }
            ValuePlan plan;
            try {
                plan = child == null ? null : plan(field.schema(), child, dropped, invalid, missing);
            } catch (MaskException e) {
                if (!invalid.dropping()) {
                    throw e;
                }
                // The schema cannot take the action, so every record of it loses the field, and says why.
                changed = true;
                invalidReasons.add(e.getMessage());
                continue;
            }
            changed |= plan != null && plan.rewrites();
            inspects |= plan != null && !plan.rewrites();
            builder.field(field.name(), plan == null ? field.schema() : plan.schema());
            kept.add(field);
            plans.add(plan);
        }
        List<PathNode> absent = new ArrayList<>();
        for (PathNode child : node.children.values()) {
            if (!present.contains(child)) {
                absent.add(child);
            }
        }
        if (changed) {
            return new StructPlan(builder.build(), kept, plans, drops, dropped, invalidReasons, invalid, absent, missing);
        }
        if (!inspects && absent.isEmpty()) {
            return null;
        }
        Field[] fields = kept.toArray(Field[]::new);
        ValuePlan[] fieldPlans = plans.toArray(ValuePlan[]::new);
        return ValuePlan.inspecting(schema, value -> {
            for (PathNode child : absent) {
                missing.absent(child);
            }
            Struct in = (Struct) value;
            for (int i = 0; i < fields.length; i++) {
                Object v = fieldPlans[i] == null ? null : in.get(fields[i]);
                if (v != null) {
                    fieldPlans[i].apply(v);
                }
            }
        });
    }

    private static ValuePlan planMap(Schema schema, PathNode node, PiiMaskMetrics.Counter dropped, InvalidFields invalid,
                                     MissingPaths missing) {
        if (schema.keySchema().type() != Schema.Type.STRING) {
            return ValuePlan.inspecting(schema, value -> missing.allAbsent(node));
        }
        List<String> names = new ArrayList<>();
        List<PathNode> nodes = new ArrayList<>();
        List<ValuePlan> plans = new ArrayList<>();
        boolean rewrites = false;
        for (Map.Entry<String, PathNode> child : node.children.entrySet()) {
            PathNode childNode = child.getValue();
            ValuePlan plan = childNode.drops() ? null : plan(schema.valueSchema(), childNode, dropped, invalid, missing);
            if (plan != null && plan.rewrites() && !plan.schema().equals(schema.valueSchema())) {
                throw new MaskException(childNode.path, childNode.action != null ? childNode.action.configKey() : "masking",
                        "every value of a map shares one schema, and this action would change it to " + plan.schema().type());
            }
            rewrites |= childNode.drops() || (plan != null && plan.rewrites());
            names.add(child.getKey());
            nodes.add(childNode);
            plans.add(plan);
        }
        MapPlan mapPlan = new MapPlan(node, names, nodes, plans, rewrites, dropped, missing);
        return rewrites ? ValuePlan.of(schema, mapPlan::apply) : ValuePlan.inspecting(schema, mapPlan::apply);
    }

    /** Masks the named entries of a map with string keys; without drops or rewrites it only reports absent ones. */
    private static final class MapPlan {
        private final PathNode parent;
        private final String[] names;
        private final PathNode[] nodes;
        private final ValuePlan[] plans;
        private final boolean rewrites;
        private final PiiMaskMetrics.Counter dropped;
        private final MissingPaths missing;

        MapPlan(PathNode parent, List<String> names, List<PathNode> nodes, List<ValuePlan> plans, boolean rewrites,
                PiiMaskMetrics.Counter dropped, MissingPaths missing) {
            this.parent = parent;
            this.names = names.toArray(String[]::new);
            this.nodes = nodes.toArray(PathNode[]::new);
            this.plans = plans.toArray(ValuePlan[]::new);
            this.rewrites = rewrites;
            this.dropped = dropped;
            this.missing = missing;
        }

        Object apply(Object value) {
            Map<?, ?> in = (Map<?, ?>) value;
            Map<Object, Object> out = rewrites ? new HashMap<>(in) : null;
            for (int i = 0; i < names.length; i++) {
                List<Object> keys = parent.keysFor(names[i], in);
                if (keys.isEmpty()) {
                    missing.absent(nodes[i]);
                }
                for (Object key : keys) {
                    if (nodes[i].drops()) {
                        out.remove(key);
                        dropped.add(1);
                    } else if (plans[i] != null && in.get(key) != null) {
                        Object masked = plans[i].apply(in.get(key));
                        if (out != null) {
                            out.put(key, masked);
                        }
                    }
                }
            }
            return rewrites ? out : in;
        }
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
        private final PathNode[] absent;
        private final MissingPaths missing;

        StructPlan(Schema schema, List<Field> inFields, List<ValuePlan> plans, int drops, PiiMaskMetrics.Counter dropped,
                   List<String> invalidReasons, InvalidFields invalid, List<PathNode> absent, MissingPaths missing) {
            this.schema = schema;
            this.inFields = inFields.toArray(Field[]::new);
            this.outFields = schema.fields().toArray(Field[]::new);
            this.plans = plans.toArray(ValuePlan[]::new);
            this.drops = drops;
            this.dropped = dropped;
            this.invalidReasons = List.copyOf(invalidReasons);
            this.invalid = invalid;
            this.absent = absent.toArray(PathNode[]::new);
            this.missing = missing;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public Object apply(Object value) {
            for (PathNode node : absent) {
                missing.absent(node);
            }
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
