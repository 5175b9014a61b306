package io.fleetml.connect.gcs;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The message identities of the last {@code size} offsets of one Kafka partition. A record is a copy when a record at
 * one of the {@code size} offsets before it had the same identity: that depends only on the partition's records, so a
 * replay over the same offsets skips the same copies.
 *
 * <p>Offsets come in increasing order, as a partition delivers them. The deque keeps the entries in that order for
 * eviction from the head; the map answers membership without a scan.
 */
final class IdentityWindow {
    private record Entry(long offset, String identity) {
    }

    private final long size;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Integer> counts = new HashMap<>();

    IdentityWindow(long size) {
        this.size = size;
    }

    /**
     * Remembers that the record at {@code offset}, later than every offset seen so far, had {@code identity}, and says
     * whether a record at one of the {@code size} offsets before it had it too.
     */
    boolean seen(long offset, String identity) {
        evictBefore(offset - size);
        entries.addLast(new Entry(offset, identity));
        return counts.merge(identity, 1, Integer::sum) > 1;
    }

    void clear() {
        entries.clear();
        counts.clear();
    }

    int size() {
        return entries.size();
    }

    private void evictBefore(long offset) {
        while (!entries.isEmpty() && entries.peekFirst().offset() < offset) {
            forget(entries.pollFirst());
        }
    }

    private void forget(Entry entry) {
        counts.computeIfPresent(entry.identity(), (identity, count) -> count == 1 ? null : count - 1);
    }
}
