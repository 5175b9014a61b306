package io.fleetml.connect.pii;

import org.apache.kafka.connect.data.Schema;

/** Replaces PII found inside free text with tags, leaving the rest of the text readable. */
final class ScanAction extends ElementwiseAction {
    private final FreeTextScanner scanner;

    ScanAction(FreeTextScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.SCAN_FIELDS_CONFIG;
    }

    @Override
    ValuePlan planValue(Schema schema, String path) {
        if (schema.type() != Schema.Type.STRING) {
            throw unsupported(path, schema.type());
        }
        return ValuePlan.of(schema, value -> scanner.scan((String) value));
    }

    @Override
    Object maskValue(Object value, String path) {
        if (!(value instanceof String s)) {
            throw unsupported(path, typeName(value));
        }
        return scanner.scan(s);
    }
}
