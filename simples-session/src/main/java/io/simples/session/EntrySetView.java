package io.simples.session;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code entrySet()} of a {@link Session}, and through it {@code keySet()} and
 * {@code values()}: weakly consistent like the map behind it (never a
 * {@code ConcurrentModificationException}), and every removal through an iterator or
 * {@code setValue} on an entry is marked as a change.
 */
final class EntrySetView extends AbstractSet<Map.Entry<String, Object>> {

    private final ConcurrentHashMap<String, Object> entries;
    private final ChangeTracker tracker;

    EntrySetView(ConcurrentHashMap<String, Object> entries, ChangeTracker tracker) {
        this.entries = entries;
        this.tracker = tracker;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof Map.Entry<?, ?> entry)) {
            return false;
        }
        Object stored = entry.getKey() == null ? null : entries.get(entry.getKey());
        return stored != null && Objects.equals(NullValue.unmask(stored), entry.getValue());
    }

    @Override
    public boolean remove(Object o) {
        if (!(o instanceof Map.Entry<?, ?> entry) || !(entry.getKey() instanceof String key)) {
            return false;
        }
        return tracker.writing(key, () -> {
            boolean removed = entries.remove(key, NullValue.mask(entry.getValue()));
            if (removed) {
                tracker.mark(key);
            }
            return removed;
        });
    }

    @Override
    public Iterator<Map.Entry<String, Object>> iterator() {
        Iterator<Map.Entry<String, Object>> source = entries.entrySet().iterator();
        return new Iterator<>() {
            private String last;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Map.Entry<String, Object> next() {
                Map.Entry<String, Object> next = source.next();
                last = next.getKey();
                return new TrackedEntry(next.getKey(), NullValue.unmask(next.getValue()));
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("next() was not called, or remove() was called twice");
                }
                String removed = last;
                tracker.writing(removed, () -> {
                    entries.remove(removed);
                    tracker.mark(removed);
                    return null;
                });
                last = null;
            }
        };
    }

    /** An entry whose {@code setValue} writes through to the session and marks the key. */
    private final class TrackedEntry implements Map.Entry<String, Object> {
        private final String key;
        private Object value;

        TrackedEntry(String key, Object value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object newValue) {
            Object previous = value;
            tracker.writing(key, () -> {
                entries.put(key, NullValue.mask(newValue));
                tracker.mark(key);
                return null;
            });
            value = newValue;
            return previous;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e
                    && key.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
