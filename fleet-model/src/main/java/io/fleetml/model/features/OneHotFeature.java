package io.fleetml.model.features;

import io.fleetml.connect.common.FieldPath;

import java.util.Arrays;
import java.util.List;

/**
 * {@code onehot(path:a|b|c)}: one number per listed category, 1 where the field's string equals it and 0 elsewhere; a
 * category that is not listed gives all zeros, so a new category neither fails the record nor poses as a known one.
 */
record OneHotFeature(String name, FieldPath path, List<String> categories) implements Feature {
    OneHotFeature {
        categories = List.copyOf(categories);
    }

    @Override
    public int width() {
        return categories.size();
    }

    @Override
    public void extract(Object recordValue, double[] out, int offset) throws MissingFeature {
        Object value = FieldValues.present(recordValue, path, name);
        if (!(value instanceof String category)) {
            throw new MissingFeature(name, path.toString(), MissingFeature.Reason.NON_TEXT,
                    "is not a string (found a " + value.getClass().getSimpleName() + ")");
        }
        Arrays.fill(out, offset, offset + categories.size(), 0.0);
        int index = categories.indexOf(category);
        if (index >= 0) {
            out[offset + index] = 1.0;
        }
    }
}
