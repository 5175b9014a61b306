package io.fleetml.connect.pii;

import java.util.function.Function;

/**
 * Remembers the pseudonyms of recently seen strings. A fleet sends the same few thousand VINs and driver ids every
 * second, so most HMACs on the hot path recompute a result seen a moment ago.
 *
 * <p>Direct-mapped: a slot holds one immutable entry, and a colliding string simply replaces it. Slots are written
 * without locks; a reader sees either a complete entry or an older one, and at worst recomputes.
 */
final class PseudonymCache {
    private final Entry[] slots;
    private final int mask;

    PseudonymCache(int size) {
        int capacity = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        this.slots = new Entry[capacity];
        this.mask = capacity - 1;
    }

    String get(String input, Function<String, String> compute) {
        int h = input.hashCode();
        int index = (h ^ (h >>> 16)) & mask;
        Entry entry = slots[index];
        if (entry != null && entry.input.equals(input)) {
            return entry.pseudonym;
        }
        String pseudonym = compute.apply(input);
        slots[index] = new Entry(input, pseudonym);
        return pseudonym;
    }

    private record Entry(String input, String pseudonym) {
    }
}
