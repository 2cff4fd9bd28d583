package io.simples.session;

import java.util.HashSet;
import java.util.Set;

/**
 * Which keys of a {@link Session} changed since it was loaded or last saved, and whether the
 * whole session must be rewritten (after {@code clear()}, or under a new id).
 *
 * <p>Callers change the data first and mark it second. A save takes the marks first and reads
 * the data second, so a change racing with a save is either in the data the save reads or still
 * marked for the next save: never lost.
 */
final class ChangeTracker {

    /** The marks a save took; handed back with {@link #restore} when the save fails. */
    record Taken(boolean whole, Set<String> keys) {
        boolean isEmpty() {
            return !whole && keys.isEmpty();
        }
    }

    private Set<String> keys = new HashSet<>(4); // guarded by this
    private boolean whole; // guarded by this

    synchronized void mark(String key) {
        keys.add(key);
    }

    synchronized void markWhole() {
        whole = true;
    }

    synchronized boolean changed() {
        return whole || !keys.isEmpty();
    }

    synchronized void reset() {
        whole = false;
        keys.clear();
    }

    /** Takes every mark, leaving none: a swap, as saves happen on every request that changed something. */
    synchronized Taken take() {
        Taken taken = new Taken(whole, keys.isEmpty() ? Set.of() : keys);
        whole = false;
        if (!keys.isEmpty()) {
            keys = new HashSet<>(4);
        }
        return taken;
    }

    synchronized void restore(Taken taken) {
        keys.addAll(taken.keys());
        whole |= taken.whole();
    }
}
