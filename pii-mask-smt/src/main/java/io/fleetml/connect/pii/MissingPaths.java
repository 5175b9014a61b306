package io.fleetml.connect.pii;

import org.apache.kafka.connect.errors.DataException;

import java.util.List;

/**
 * Configured paths a record lacks. A path the record does not have holds nothing to mask, but it often means the
 * configuration no longer matches the data (a renamed field, {@code VIN} against {@code vin}), and then personal data
 * may pass unmasked under the new name: so each absent path counts, and with {@code strict} the record fails. One
 * instance per transform, which Connect calls from one task thread.
 */
final class MissingPaths {
    private final boolean strict;
    private final PiiMaskMetrics.Counter counter;

    MissingPaths(boolean strict, PiiMaskMetrics.Counter counter) {
        this.strict = strict;
        this.counter = counter;
    }

    /** The record has no field at {@code node}, so none of the paths configured at or below it can be masked. */
    void absent(PathNode node) {
        if (strict) {
            throw new Absent(node.path, node.configured);
        }
        counter.add(node.configured.size());
    }

    /** Every child of {@code node} is absent: the value there is not an object. */
    void allAbsent(PathNode node) {
        for (PathNode child : node.children.values()) {
            absent(child);
        }
    }

    /** A record that lacks a configured path, under {@code strict}. Names the paths, never a value. */
    static final class Absent extends DataException {
        Absent(String path, List<String> configured) {
            super("PiiMask found no field '" + path + "' in the record, so it cannot mask " + String.join(", ", configured)
                    + " (" + PiiMaskConfig.STRICT_CONFIG + "=true fails such records)");
        }
    }
}
