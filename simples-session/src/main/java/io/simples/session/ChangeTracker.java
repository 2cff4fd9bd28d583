package io.simples.session;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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

    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean whole = new AtomicBoolean();

    void mark(String key) {
        keys.add(key);
    }

    void markWhole() {
        whole.set(true);
    }

    boolean changed() {
        return whole.get() || !keys.isEmpty();
    }

    void reset() {
        whole.set(false);
        keys.clear();
    }

    Taken take() {
        boolean takenWhole = whole.getAndSet(false);
        Set<String> taken = new HashSet<>();
        for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
            String key = it.next();
            if (keys.remove(key)) {
                taken.add(key);
            }
        }
        return new Taken(takenWhole, taken);
    }

    void restore(Taken taken) {
        keys.addAll(taken.keys());
        if (taken.whole()) {
            whole.set(true);
        }
    }
}
