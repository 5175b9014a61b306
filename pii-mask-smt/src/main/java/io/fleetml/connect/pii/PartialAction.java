package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

import java.util.Arrays;

/** Hides all but the last few characters of a string, as receipts print card numbers. */
final class PartialAction extends ElementwiseAction {
    private final int keepLast;
    private final char maskChar;

    PartialAction(int keepLast, char maskChar) {
        this.keepLast = keepLast;
        this.maskChar = maskChar;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.PARTIAL_FIELDS_CONFIG;
    }

    @Override
    ValuePlan planValue(Schema schema, String path) {
        if (schema.type() != Schema.Type.STRING) {
            throw unsupported(path, schema.type());
        }
        return ValuePlan.of(schema, value -> mask((String) value));
    }

    @Override
    Object maskValue(Object value, String path) {
        if (!(value instanceof String s)) {
            throw unsupported(path, typeName(value));
        }
        return mask(s);
    }

    String mask(String s) {
        int n = s.length();
        // A value no longer than what would be kept is hidden whole: keeping it would reveal all of it.
        int kept = n > keepLast ? keepLast : 0;
        char[] out = new char[n];
        Arrays.fill(out, 0, n - kept, maskChar);
        s.getChars(n - kept, n, out, n - kept);
        return new String(out);
    }
}
