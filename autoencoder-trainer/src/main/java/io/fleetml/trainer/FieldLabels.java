package io.fleetml.trainer;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;

/** Labels from a field of the record itself, e.g. {@code is_fraud}; a record without the field is unlabeled. */
final class FieldLabels implements RecordLabels {
    private final FieldPath field;
    private final String name;
    private final LabelValues values;

    FieldLabels(String labelField, LabelValues values) {
        this.field = FieldPath.parse(labelField, FieldSyntax.V2, "--label-field");
        this.name = labelField;
        this.values = values;
    }

    @Override
    public byte labelOf(Object record, String file, long number) {
        Object value = field.valueFrom(record);
        return values.classify(value == FieldPath.MISSING ? null : value,
                () -> file + " record " + number + ", field '" + name + "' (--label-field)");
    }
}
