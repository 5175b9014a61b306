package io.fleetml.connect.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of the current record that could not take their action and were dropped instead, so personal data is
 * never passed on raw (on.invalid.field=drop); with on.invalid.field=fail there are none, as the record fails. One
 * instance per transform, which Connect calls from one task thread.
 */
final class InvalidFields {
    private final boolean dropping;
    private final PiiMaskMetrics.Counter counter;
    private final List<String> reasons = new ArrayList<>();

    InvalidFields(PiiMaskConfig.OnInvalidField policy, PiiMaskMetrics.Counter counter) {
        this.dropping = policy == PiiMaskConfig.OnInvalidField.DROP;
        this.counter = counter;
    }

    /** Whether a field that cannot be masked is dropped rather than failing the record. */
    boolean dropping() {
        return dropping;
    }

    /** Starts a new record. */
    void clear() {
        reasons.clear();
    }

    /** A field was dropped for {@code reason}, which names the path and the problem, never the value. */
    void dropped(String reason) {
        reasons.add(reason);
        counter.add(1);
    }

    /** Why fields of the current record were dropped, or null when none was. */
    String header() {
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }
}
