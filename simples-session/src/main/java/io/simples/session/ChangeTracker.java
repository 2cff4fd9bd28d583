package io.simples.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Which keys of a {@link Session} changed since it was loaded or last saved, and whether the
 * whole session must be rewritten (after {@code clear()}, or under a new id); and which keys a
 * refresh from the store must leave alone.
 *
 * <p>Callers change the data first and mark it second. A save takes the marks first and reads
 * the data second, so a change racing with a save is either in the data the save reads or still
 * marked for the next save: never lost.
 *
 * <p>A refresh ({@link Session#sync()}) takes what others wrote into the store, but never over
 * this session's own changes: keys marked, keys a save still on its way carries ("in flight"
 * until every save in flight has ended), and keys a writer is changing right now ("guarded" from
 * just before its write until its mark). A refresh replaces a key only inside the map's own lock
 * on that key and only when {@link #protects} says no, so a writer's new value is never replaced
 * by an older stored one.
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
    // allocated on first use and kept: sessions that are only read never need them
    private Map<String, Integer> guarded; // guarded by this
    private int guardedAll; // guarded by this: writers of every key at once (clear, replaceAll)
    private Set<String> flying; // guarded by this
    private boolean flyingWhole; // guarded by this
    private int flights; // guarded by this
    private CompletableFuture<Void> landed; // guarded by this; completes when flights reaches 0

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
        if (!taken.isEmpty()) {
            flights++;
            if (!taken.keys().isEmpty()) {
                if (flying == null) {
                    flying = new HashSet<>(4);
                }
                flying.addAll(taken.keys());
            }
            flyingWhole |= taken.whole();
        }
        return taken;
    }

    /**
     * A save that took {@code taken} has ended, written or not. Whoever waited for the last save
     * in flight is told outside this object's lock: what it runs next (a sync) takes the
     * session's lock, which is always taken before this one, never after.
     */
    void landed(Taken taken) {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (taken.isEmpty() || --flights > 0) {
                return;
            }
            if (flying != null) {
                flying.clear(); // kept for the next save: a session that is saved once is usually saved again
            }
            flyingWhole = false;
            waiting = landed;
            landed = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** A save failed: its marks come back for the next one. */
    synchronized void restore(Taken taken) {
        keys.addAll(taken.keys());
        whole |= taken.whole();
    }

    /** Completes when no save is on its way (at once when none is). */
    synchronized CompletableFuture<Void> whenLanded() {
        if (flights == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (landed == null) {
            landed = new CompletableFuture<>();
        }
        return landed;
    }

    /** A writer is about to change {@code key}: no refresh replaces it until {@link #unguard}. */
    synchronized void guard(String key) {
        if (guarded == null) {
            guarded = new HashMap<>(2);
        }
        guarded.merge(key, 1, Integer::sum);
    }

    /** The writer of {@code key} is done; it has marked the key if it changed it. */
    synchronized void unguard(String key) {
        guarded.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }

    /**
     * Runs a write of {@code key} guarded, from before the change until after its mark, so that a
     * refresh running at the same time never replaces what it writes.
     */
    <T> T writing(String key, Supplier<T> write) {
        guard(key);
        try {
            return write.get();
        } finally {
            unguard(key);
        }
    }

    /** A writer is about to change every key ({@code clear}, {@code replaceAll}). */
    synchronized void guardAll() {
        guardedAll++;
    }

    synchronized void unguardAll() {
        guardedAll--;
    }

    /** True when a refresh must leave {@code key} as this session has it. */
    synchronized boolean protects(String key) {
        return whole || flyingWhole || guardedAll > 0 || keys.contains(key)
                || (flying != null && flying.contains(key)) || (guarded != null && guarded.containsKey(key));
    }
}
