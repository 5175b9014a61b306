package io.fleetml.connect.pii;

/** Replaces PII found inside free text with tags, leaving the rest of the text readable. */
final class ScanAction extends StringAction {
    private final FreeTextScanner scanner;

    ScanAction(FreeTextScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.SCAN_FIELDS_CONFIG;
    }

    @Override
    String rewrite(String value) {
        return scanner.scan(value);
    }
}
