package io.fleetml.connect.fraud;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A schemaless value with the score fields after its own, without copying it: a read-only view of the record's map
 * followed by the appended entries, in that order. Copying a 30-field map cost more than scoring it; Connect's
 * transforms treat a record's value as immutable and copy before changing it, and this view throws on any change
 * rather than let one reach the original record.
 */
final class AppendedFields extends AbstractMap<String, Object> {
    private final Map<String, Object> base;
    private final Map<String, Object> readOnlyBase;
    private final String[] names;
    private final Object[] values;

    /** {@code names} must not be keys of {@code base}; the transform checks that before scoring. */
    AppendedFields(Map<String, Object> base, String[] names, Object[] values) {
        this.base = base;
        this.readOnlyBase = Collections.unmodifiableMap(base);
        this.names = names;
        this.values = values;
    }

    @Override
    public Object get(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return values[i];
            }
        }
        return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        for (String name : names) {
            if (name.equals(key)) {
                return true;
            }
        }
        return base.containsKey(key);
    }

    @Override
    public int size() {
        return base.size() + names.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries(readOnlyBase.entrySet().iterator());
            }

            @Override
            public int size() {
                return AppendedFields.this.size();
            }
        };
    }

    /** The base's entries (read-only), then the appended ones. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private final Iterator<Entry<String, Object>> baseEntries;
        private int appended;

        Entries(Iterator<Entry<String, Object>> baseEntries) {
            this.baseEntries = baseEntries;
        }

        @Override
        public boolean hasNext() {
            return baseEntries.hasNext() || appended < names.length;
        }

        @Override
        public Entry<String, Object> next() {
            if (baseEntries.hasNext()) {
                return baseEntries.next();
            }
            if (appended == names.length) {
                throw new NoSuchElementException();
            }
            int i = appended++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
        }
    }
}
