package io.simples.session;

/**
 * Stands for a {@code null} session value inside the {@code ConcurrentHashMap} that holds a
 * session's entries, which takes no nulls. Values are masked on the way in and unmasked on the
 * way out; nothing outside {@link Session} ever sees the marker.
 */
final class NullValue {

    private static final Object MARKER = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private NullValue() {
    }

    static Object mask(Object value) {
        return value == null ? MARKER : value;
    }

    static Object unmask(Object stored) {
        return stored == MARKER ? null : stored;
    }

    /** True for a stored value that stands for {@code null}, or for no value at all. */
    static boolean isAbsentOrNull(Object stored) {
        return stored == null || stored == MARKER;
    }
}
