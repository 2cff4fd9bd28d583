package io.simples.session;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Session} changed since it was loaded: the keys it put, with their values, and
 * the keys it removed. A {@link Store} applies it with {@link Store#apply}. A key is in one of
 * the two, never both.
 *
 * @param puts keys set, with their current values ({@code null} values allowed)
 * @param removals keys removed
 */
public record SessionChanges(Map<String, Object> puts, Set<String> removals) {

    private static final Class<?> JDK_MAP_1 = Map.of("", "").getClass();
    private static final Class<?> JDK_MAP_N = Map.of().getClass();

    /**
     * Copies both parts, so later changes to the session do not reach this record.
     *
     * @param puts keys set, with their current values ({@code null} values allowed)
     * @param removals keys removed
     * @throws IllegalArgumentException when a key is both put and removed
     */
    public SessionChanges {
        puts = frozenCopy(puts);
        removals = Set.copyOf(removals);
        for (String key : removals) {
            if (puts.containsKey(key)) {
                throw new IllegalArgumentException("key '" + key + "' is both put and removed");
            }
        }
    }

    /**
     * An unmodifiable copy of session data, the JDK's compact one (no hash table for a key or two)
     * unless a value is null; also what {@link MemoryStore} keeps.
     */
    static Map<String, Object> frozenCopy(Map<String, Object> data) {
        if (data.getClass() == JDK_MAP_1 || data.getClass() == JDK_MAP_N) {
            return data; // the JDK's own immutable maps: no copy needed, and they hold no null
        }
        for (Object value : data.values()) { // not containsValue(null): the JDK's own immutable maps throw on it
            if (value == null) {
                return Collections.unmodifiableMap(new HashMap<>(data));
            }
        }
        return Map.copyOf(data);
    }

    /**
     * True when there is nothing to apply.
     *
     * @return whether both the puts and the removals are empty
     */
    public boolean isEmpty() {
        return puts.isEmpty() && removals.isEmpty();
    }

    /**
     * A new map: {@code data} ({@code null}: nothing stored) with these changes applied.
     *
     * @param data the stored data, left unchanged, or {@code null}
     * @return a new, modifiable map holding the result
     */
    public Map<String, Object> appliedTo(Map<String, Object> data) {
        Map<String, Object> merged = data == null ? new HashMap<>() : new HashMap<>(data);
        applyTo(merged);
        return merged;
    }

    /**
     * Applies the puts, then the removals, to {@code data}.
     *
     * @param data the map to change in place; it must be modifiable
     */
    public void applyTo(Map<String, Object> data) {
        data.putAll(puts);
        data.keySet().removeAll(removals);
    }
}
