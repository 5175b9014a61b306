package io.fleetml.connect.pii;

import io.fleetml.connect.common.metrics.PluginGauges;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What PiiMask changed, by action, published as plugin metrics (KIP-877). Connect gives every task its own transform
 * instance and applies it on the task's thread, so each count has a single writer: counting is a plain read and an
 * opaque write, with no lock or atomic read-modify-write on the per-record path, and the metrics reporter's thread
 * still reads whole, recent values. Each value an action rewrites counts once, also each element of an array.
 */
final class PiiMaskMetrics {
    final Counter pseudonymized = new Counter();
    final Counter redacted = new Counter();
    final Counter dropped = new Counter();
    final Counter droppedInvalid = new Counter();
    final Counter partiallyMasked = new Counter();
    final Counter generalized = new Counter();
    final Counter freeTextMatches = new Counter();
    final Counter headersDropped = new Counter();
    /** Not changes to a record, so they do not make it count as masked. */
    final Counter pathsMissing = new Counter(false);
    final Counter headersUnmasked = new Counter(false);
    private final AtomicLong recordsMasked = new AtomicLong();
    private boolean recordChanged;

    void register(PluginMetrics metrics) {
        new PluginGauges(metrics)
                .add("records-masked", "Records in which at least one value was changed (key or value, and its headers).",
                        recordsMasked::getOpaque)
                .add("fields-pseudonymized", "Values replaced by their keyed pseudonym (hash.fields).", pseudonymized::get)
                .add("fields-redacted", "Values replaced by an empty value of their type (redact.fields).", redacted::get)
                .add("fields-dropped", "Fields removed (drop.fields).", dropped::get)
                .add("fields-dropped-invalid", "Fields removed because their type or content could not take their action "
                        + "(on.invalid.field=drop).", droppedInvalid::get)
                .add("fields-partially-masked", "Values masked but for their last characters (partial.fields).",
                        partiallyMasked::get)
                .add("fields-generalized", "Coordinates or lat/lon pairs made coarser (geo.fields).", generalized::get)
                .add("free-text-matches", "PII found in free text and replaced by its tag (scan.fields).", freeTextMatches::get)
                .add("paths-missing", "Configured paths a record lacked, each time (nothing there to mask; strict=true "
                        + "fails such records instead).", pathsMissing::get)
                .add("headers-unmasked", "Headers passed on unmasked because headers.fields does not name them.",
                        headersUnmasked::get)
                .add("headers-dropped", "Headers removed because headers.fields does not name them (headers.unlisted=drop).",
                        headersDropped::get);
    }

    /** Called before each record is masked. */
    void startRecord() {
        recordChanged = false;
    }

    /** Called once a record is masked: it counts as masked when any counter moved since {@link #startRecord}. */
    void endRecord() {
        if (recordChanged) {
            recordsMasked.setOpaque(recordsMasked.getPlain() + 1);
        }
    }

    /** One count, written by the task thread only. */
    final class Counter {
        private final AtomicLong value = new AtomicLong();
        private final boolean countsAsChange;

        Counter() {
            this(true);
        }

        Counter(boolean countsAsChange) {
            this.countsAsChange = countsAsChange;
        }

        void add(long n) {
            value.setOpaque(value.getPlain() + n);
            recordChanged |= countsAsChange;
        }

        long get() {
            return value.getOpaque();
        }
    }
}
