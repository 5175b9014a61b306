package io.fleetml.connect.pii;

import java.util.Arrays;

/** Hides all but the last few characters of a string, as receipts print card numbers. */
final class PartialAction extends StringAction {
    private final int keepLast;
    private final char maskChar;
    private final PiiMaskMetrics.Counter partiallyMasked;

    PartialAction(int keepLast, char maskChar, PiiMaskMetrics.Counter partiallyMasked) {
        this.keepLast = keepLast;
        this.maskChar = maskChar;
        this.partiallyMasked = partiallyMasked;
    }

    @Override
    public String configKey() {
        return PiiMaskConfig.PARTIAL_FIELDS_CONFIG;
    }

    @Override
    String rewrite(String s) {
        partiallyMasked.add(1);
        int n = s.length();
        // A value no longer than what would be kept is hidden whole: keeping it would reveal all of it.
        int kept = n > keepLast ? keepLast : 0;
        char[] out = new char[n];
        Arrays.fill(out, 0, n - kept, maskChar);
        s.getChars(n - kept, n, out, n - kept);
        return new String(out);
    }
}
