package io.simples.core.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the strings that long-lived connections keep and that are nearly always the same
 * for all of them: the path a WebSocket opened, its {@code Host} and {@code Origin}. 100 000
 * WebSockets of one site keep 100 000 equal copies of each otherwise.
 *
 * <p>Bounded: the first {@value #CAPACITY} distinct values (each at most {@value #MAX_LENGTH}
 * characters) are kept for the life of the process; anything else is returned as it is, so
 * hostile input can fill the table but never grow it.
 */
final class SharedStrings {

    static final int CAPACITY = 1024;
    static final int MAX_LENGTH = 256;

    private static final ConcurrentHashMap<String, String> TABLE = new ConcurrentHashMap<>();

    private SharedStrings() {
    }

    /** The shared copy of {@code value} when there is or may be one, else {@code value} itself. */
    public static String of(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return value;
        }
        String shared = TABLE.get(value);
        if (shared != null) {
            return shared;
        }
        if (TABLE.size() >= CAPACITY) {
            return value;
        }
        shared = TABLE.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }

    /** {@code value} shared when it is a string; other character sequences as they are. */
    static CharSequence of(CharSequence value) {
        return value instanceof String text ? of(text) : value;
    }
}
