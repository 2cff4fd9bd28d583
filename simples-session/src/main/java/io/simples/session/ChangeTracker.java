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
 * by an older stored one; and nothing at all once a save landed after the refresh's read began,
 * since the read may predate what that save wrote.
 */
final class ChangeTracker {

    /** The marks a save took; handed back with {@link #restore} when the save fails. */
    record Taken(boolean whole, Set<String> keys) {
        static final Taken NOTHING = new Taken(false, Set.of());

        boolean isEmpty() {
            return !whole && keys.isEmpty();
        }
    }

    // Sessions are loaded, changed once or twice and saved on every request: the sets are made
    // when first needed, and one writer's key needs no map.
    private Set<String> keys; // guarded by this; null: none marked
    private boolean whole; // guarded by this
    private String guardedKey; // guarded by this: a key a writer is changing, or null
    private int guardedKeyWriters; // guarded by this: how many writers are changing guardedKey
    private Map<String, Integer> guarded; // guarded by this: writers of other keys than guardedKey, made on first use
    private int guardedAll; // guarded by this: writers of every key at once (clear, replaceAll)
    private Set<String> flying; // guarded by this; null: none
    private boolean flyingIsTaken; // guarded by this: flying is the keys a save took, which must not change
    private boolean flyingWhole; // guarded by this
    private int flights; // guarded by this
    private long landings; // guarded by this: how many saves have ended, written or not
    private CompletableFuture<Void> landed; // guarded by this; completes when flights reaches 0

    synchronized void mark(String key) {
        if (keys == null) {
            keys = Set.of(key); // most requests change one key: no table until a second one
        } else if (!keys.contains(key)) {
            markedKeys().add(key);
        }
    }

    /** The marked keys as a set that takes more (the one-key set becomes a table). */
    private Set<String> markedKeys() {
        if (keys == null) {
            keys = new HashSet<>(4);
        } else if (!(keys instanceof HashSet)) {
            keys = new HashSet<>(keys);
        }
        return keys;
    }

    synchronized void markWhole() {
        whole = true;
    }

    synchronized boolean changed() {
        return whole || keys != null;
    }

    synchronized void reset() {
        whole = false;
        keys = null;
    }

    /**
     * Takes every mark, leaving none: the set itself, as saves happen on every request that
     * changed something. While one save is in flight its taken set is the in-flight set; a second
     * save in flight makes it a copy.
     */
    synchronized Taken take() {
        if (!whole && keys == null) {
            return Taken.NOTHING;
        }
        Taken taken = new Taken(whole, keys == null ? Set.of() : keys);
        whole = false;
        keys = null;
        flights++;
        flyingWhole |= taken.whole();
        if (!taken.keys().isEmpty()) {
            if (flying == null) {
                flying = taken.keys();
                flyingIsTaken = true;
            } else {
                if (flyingIsTaken) {
                    flying = new HashSet<>(flying);
                    flyingIsTaken = false;
                }
                flying.addAll(taken.keys());
            }
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
            if (taken.isEmpty()) {
                return;
            }
            landings++;
            if (--flights > 0) {
                return;
            }
            flying = null;
            flyingIsTaken = false;
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
        if (!taken.keys().isEmpty()) {
            markedKeys().addAll(taken.keys());
        }
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
        if (guardedKey == null) {
            guardedKey = key;
            guardedKeyWriters = 1;
        } else if (guardedKey.equals(key)) {
            guardedKeyWriters++;
        } else {
            if (guarded == null) {
                guarded = new HashMap<>(2);
            }
            guarded.merge(key, 1, Integer::sum);
        }
    }

    /** The writer of {@code key} is done; it has marked the key if it changed it. */
    synchronized void unguard(String key) {
        if (key.equals(guardedKey)) {
            if (--guardedKeyWriters == 0) {
                guardedKey = null;
            }
        } else {
            guarded.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
        }
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

    /** How many saves have ended: a refresh compares it before and after its read. */
    synchronized long landings() {
        return landings;
    }

    /**
     * True when a refresh from a read begun at {@code landingsAtRead} must leave {@code key} as
     * this session has it: the key is this session's own change, or a save landed since the read
     * began (it may have carried the key, and a key that landed is no longer "in flight").
     */
    synchronized boolean protects(String key, long landingsAtRead) {
        return landings != landingsAtRead || whole || flyingWhole || guardedAll > 0 || (keys != null && keys.contains(key))
                || (flying != null && flying.contains(key)) || key.equals(guardedKey)
                || (guarded != null && guarded.containsKey(key));
    }
}
