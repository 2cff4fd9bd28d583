package io.simples.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link Session}'s data and what changed in it since the store last saw it: the map behind the
 * session's {@code Map} methods ({@code null} values masked, see {@link NullValue}), each write
 * marking its key in a {@link ChangeTracker}; what a save writes ({@link #take}, {@link #changesOf},
 * {@link #snapshot}); and what a load, an end and a sync lay over it. Thread-safe; the session's
 * own lock makes its id and these entries swap together.
 */
final class SessionEntries {

    /** What a step of {@link #computeMarked} returns to leave a key as it is. */
    private static final Object LEAVE = new Object();

    private final ConcurrentHashMap<String, Object> entries = new ConcurrentHashMap<>();
    private final ChangeTracker tracker = new ChangeTracker();

    // --- what the session's life cycle does with them ---

    /** Empties the data and forgets every mark: a load's or an end's start. */
    void reset() {
        entries.clear();
        tracker.reset();
    }

    /** Takes what the store holds, unmarked (after {@link #reset}). */
    void fill(Map<String, Object> data) {
        data.forEach((key, value) -> entries.put(key, NullValue.mask(value)));
    }

    /** Marks the whole session changed: its next save rewrites it ({@link Store#set}). */
    void markWhole() {
        tracker.markWhole();
    }

    boolean changed() {
        return tracker.changed();
    }

    /** The marks a save carries; see {@link ChangeTracker#take}. */
    ChangeTracker.Taken take() {
        return tracker.take();
    }

    /** A save of {@code taken} ended, written or not. */
    void landed(ChangeTracker.Taken taken) {
        tracker.landed(taken);
    }

    /** A save of {@code taken} failed: its keys are marked again, for the next save. */
    void restore(ChangeTracker.Taken taken) {
        tracker.restore(taken);
    }

    /** Completes when no save of this session is on its way. */
    CompletableFuture<Void> whenLanded() {
        return tracker.whenLanded();
    }

    /** How many saves have landed so far; a sync compares it before and after its read. */
    long landings() {
        return tracker.landings();
    }

    /**
     * Lays what the store holds over the entries, key by key, inside the map's lock of each key,
     * sparing the keys a save of this session may still be carrying or that changed since
     * ({@link ChangeTracker#protects}), and drops what the store no longer holds. Returns the keys
     * that changed here.
     */
    Set<String> overlay(Map<String, Object> data, long landings) {
        Set<String> changedKeys = new HashSet<>();
        data.forEach((key, value) -> entries.compute(key, (k, present) -> {
            Object next = NullValue.mask(value);
            if (tracker.protects(k, landings) || Objects.equals(present, next)) {
                return present;
            }
            changedKeys.add(k);
            return next;
        }));
        for (String key : entries.keySet()) {
            if (!data.containsKey(key)) {
                entries.computeIfPresent(key, (k, present) -> {
                    if (tracker.protects(k, landings)) {
                        return present;
                    }
                    changedKeys.add(k);
                    return null;
                });
            }
        }
        return changedKeys;
    }

    /** The keys held now. */
    Set<String> keys() {
        return Set.copyOf(entries.keySet());
    }

    // --- the Map's reads ---

    Object get(Object key) {
        return key == null ? null : NullValue.unmask(entries.get(key));
    }

    boolean containsKey(Object key) {
        return key != null && entries.containsKey(key);
    }

    boolean containsValue(Object value) {
        return entries.containsValue(NullValue.mask(value));
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Set<Map.Entry<String, Object>> entrySet() {
        return new EntrySetView(entries, tracker); // a view holds no state: one per call, none per loaded session
    }

    // --- the Map's writes; each changes the data first and marks it second (see ChangeTracker) ---

    Object put(String key, Object value) {
        return tracker.writing(requireKey(key), () -> {
            Object previous = entries.put(key, NullValue.mask(value));
            tracker.mark(key);
            return NullValue.unmask(previous);
        });
    }

    Object remove(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        return tracker.writing(name, () -> {
            Object previous = entries.remove(name);
            if (previous != null) {
                tracker.mark(name);
            }
            return NullValue.unmask(previous);
        });
    }

    void clear() {
        tracker.guardAll();
        try {
            entries.clear();
            tracker.markWhole();
        } finally {
            tracker.unguardAll();
        }
    }

    Object putIfAbsent(String key, Object value) {
        return computeMarked(key, (k, stored) -> NullValue.isAbsentOrNull(stored) ? NullValue.mask(value) : LEAVE,
                true);
    }

    boolean remove(Object key, Object value) {
        if (!(key instanceof String name)) {
            return false;
        }
        return tracker.writing(name, () -> {
            boolean removed = entries.remove(name, NullValue.mask(value));
            if (removed) {
                tracker.mark(name);
            }
            return removed;
        });
    }

    boolean replace(String key, Object oldValue, Object newValue) {
        return tracker.writing(requireKey(key), () -> {
            boolean replaced = entries.replace(key, NullValue.mask(oldValue), NullValue.mask(newValue));
            if (replaced) {
                tracker.mark(key);
            }
            return replaced;
        });
    }

    Object replace(String key, Object value) {
        return tracker.writing(requireKey(key), () -> {
            Object previous = entries.replace(key, NullValue.mask(value));
            if (previous != null) {
                tracker.mark(key);
            }
            return NullValue.unmask(previous);
        });
    }

    Object computeIfAbsent(String key, Function<? super String, ?> mapping) {
        return computeMarked(key, (k, stored) -> {
            if (!NullValue.isAbsentOrNull(stored)) {
                return LEAVE;
            }
            Object next = mapping.apply(k);
            return next == null ? LEAVE : next;
        });
    }

    Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        return computeMarked(key, (k, stored) -> NullValue.isAbsentOrNull(stored)
                ? LEAVE : remapping.apply(k, stored));
    }

    Object compute(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        return computeMarked(key, (k, stored) -> {
            Object next = remapping.apply(k, NullValue.unmask(stored));
            return next == null && stored == null ? LEAVE : next;
        });
    }

    Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
        Objects.requireNonNull(value, "merge needs a non-null value");
        return computeMarked(key, (k, stored) -> NullValue.isAbsentOrNull(stored)
                ? value : remapping.apply(stored, value));
    }

    void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        tracker.guardAll();
        try {
            entries.replaceAll((key, stored) -> NullValue.mask(function.apply(key, NullValue.unmask(stored))));
            entries.keySet().forEach(tracker::mark);
        } finally {
            tracker.unguardAll();
        }
    }

    /**
     * Atomically replaces the stored value of {@code key} with what {@code step} returns
     * ({@code null} removes the key) and marks the key; {@code step} returns {@link #LEAVE} to
     * leave the key as it is. A user function that returns the very value it was given (a list
     * it mutated, say) still marks the key: the session cannot see inside values.
     */
    private Object computeMarked(String key, BiFunction<String, Object, Object> step) {
        return computeMarked(key, step, false);
    }

    /** With {@code previousIfTouched}, returns what the key held before instead of what it holds after. */
    private Object computeMarked(String key, BiFunction<String, Object, Object> step, boolean previousIfTouched) {
        return tracker.writing(requireKey(key), () -> {
            boolean[] touched = {false};
            Object[] previous = {null};
            Object result = entries.compute(key, (k, stored) -> {
                Object next = step.apply(k, stored);
                if (next == LEAVE) {
                    return stored;
                }
                touched[0] = true;
                previous[0] = stored;
                return next;
            });
            if (touched[0]) {
                tracker.mark(key);
            }
            return NullValue.unmask(touched[0] && previousIfTouched ? previous[0] : result);
        });
    }


    // --- what a save writes ---

    /** A copy of the data, for a whole write. */
    Map<String, Object> snapshot() {
        Map<String, Object> copy = new HashMap<>();
        entries.forEach((key, stored) -> copy.put(key, NullValue.unmask(stored)));
        return copy;
    }

    /** What {@code keys} hold now, as puts and removals, for a write of those keys. */
    SessionChanges changesOf(Set<String> keys) {
        if (keys.size() == 1) { // most saves change one key: a map without a table, not copied again
            String key = keys.iterator().next();
            Object stored = entries.get(key);
            if (stored == null) {
                return new SessionChanges(Map.of(), Set.of(key));
            }
            Object value = NullValue.unmask(stored);
            if (value != null) {
                return new SessionChanges(Map.of(key, value), Set.of());
            }
        }
        Map<String, Object> puts = new HashMap<>(keys.size() * 4 / 3 + 1);
        Set<String> removals = Set.of(); // most saves remove nothing
        for (String key : keys) {
            Object stored = entries.get(key);
            if (stored != null) {
                puts.put(key, NullValue.unmask(stored));
            } else {
                if (removals.isEmpty()) {
                    removals = new HashSet<>();
                }
                removals.add(key);
            }
        }
        return new SessionChanges(puts, removals);
    }

    private static String requireKey(String key) {
        return Objects.requireNonNull(key, "session keys must not be null");
    }
}
