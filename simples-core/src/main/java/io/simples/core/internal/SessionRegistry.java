package io.simples.core.internal;

import io.simples.session.Session;
import io.simples.session.Store;
import io.simples.session.internal.SessionEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of one server: while any connection (HTTP or WebSocket) holds a session id,
 * every connection with that id gets the same {@link Session} object, so a value one of them
 * sets is seen by the others at once. Each connection's share is a {@link Hold}. The first holder
 * loads the session from the store; each holder saves it (if it changed) when it lets go, and
 * after the last one it leaves the registry. A session that moves to a new id
 * ({@code generate()}) moves here too.
 *
 * <p>A connection that finds its session already live here gets it {@linkplain Session#sync()
 * brought up to date} with the store first: another process (or another server on the same
 * store) may have written since this one last read it, and a request must see every write
 * acknowledged before it arrived.
 *
 * <p>One lock guards the table and the hold counts; it is never held while a store future is
 * pending or a session method runs.
 */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    /** One live session and how many connections hold it. */
    final class Entry implements Session.Listener {
        final CompletableFuture<Session> session;
        int holders;
        String key; // where it is filed until it settles

        Entry(CompletableFuture<Session> session) {
            this.session = session;
        }

        @Override
        public void generated(Session moved, String oldId) {
            synchronized (SessionRegistry.this) {
                if (live.remove(oldId, this)) {
                    live.put(moved.id(), this);
                }
            }
        }
    }

    /** One connection's hold on a live session: {@link #release()} once, when the connection is done. */
    public final class Hold {
        private final Entry entry;
        private final Session session;
        private final boolean carriedCookie;
        private final String firstId; // another id later: generate() was called on purpose
        private boolean released; // guarded by this (a lock, not an AtomicBoolean: one object less per request)

        private Hold(Entry entry, Session session, boolean carriedCookie) {
            this.entry = entry;
            this.session = session;
            this.carriedCookie = carriedCookie;
            this.firstId = session.id();
        }

        public Session session() {
            return session;
        }

        /**
         * True for a session that deserves a cookie and a save: one the store holds, one that holds
         * something, or one given a new id on purpose ({@link Session#generate()}). A new, empty
         * session gets neither: a visitor whose requests never touch their session (a static file,
         * {@code /simples.js}, a page that stores nothing) is given no cookie, and a request that a
         * login raced (the browser's {@code /favicon.ico} still carrying the id the login just
         * replaced) cannot replace the new cookie.
         */
        public boolean worthKeeping() {
            return !session.isNew() || !session.isEmpty() || !session.id().equals(firstId);
        }

        /**
         * For a WebSocket's handshake: {@link #worthKeeping()}, or a connection that came without a
         * cookie. The socket outlives its handshake and may fill its session later, when no cookie
         * can be sent any more, so a new visitor's socket is given its session's cookie at once.
         */
        public boolean worthACookieOnUpgrade() {
            return worthKeeping() || !carriedCookie;
        }

        /**
         * Lets go, saving the session if it changed; the future ends with that save (at once when
         * nothing needed saving). Calls after the first do nothing and return a completed future.
         */
        public CompletableFuture<?> release() {
            synchronized (this) {
                if (released) {
                    return CompletableFuture.completedFuture(null);
                }
                released = true;
            }
            return SessionRegistry.this.release(entry, session, worthKeeping());
        }

        /**
         * Saves the session now if it is worth keeping (its changes, or only a new expiration when
         * nothing changed), tracked by the registry so that a stopping server waits for it.
         */
        public CompletableFuture<?> save() {
            return worthKeeping() ? SessionRegistry.this.save(session) : CompletableFuture.completedFuture(null);
        }
    }

    private final Map<String, Entry> live = new HashMap<>();
    private final Set<CompletableFuture<?>> saving = ConcurrentHashMap.newKeySet();
    private volatile SessionEvents.Publisher publisher = SessionEvents.NOBODY;

    /** Where the live sessions tell of their saves, ends and moves: the server's cluster. */
    public void publishTo(SessionEvents.Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Holds the session of {@code id} (a cookie value; anything that is not an id gets a fresh
     * session without a store read), loading it when no connection holds it yet.
     */
    public CompletableFuture<Hold> acquire(Store store, String id, Duration timeout) {
        boolean valid = Session.isValidId(id);
        Entry entry;
        boolean alreadyLive;
        synchronized (this) {
            entry = valid ? live.get(id) : null;
            alreadyLive = entry != null && entry.session.isDone() && !entry.session.isCompletedExceptionally();
            if (entry != null) {
                entry.holders++;
            } else {
                CompletableFuture<Session> loading = valid
                        ? Session.load(store, id, timeout) : CompletableFuture.completedFuture(Session.create(store, timeout));
                entry = new Entry(loading);
                entry.holders = 1;
                entry.key = valid ? id : "new:" + System.identityHashCode(entry);
                live.put(entry.key, entry);
                Entry added = entry;
                loading.whenComplete((session, failure) -> settle(added, session, failure));
            }
        }
        Entry held = entry;
        if (!alreadyLive) {
            return entry.session.thenApply(session -> new Hold(held, session, id != null));
        }
        Session session = entry.session.join(); // loaded: it is live
        return session.sync().handle((synced, failure) -> {
            if (failure != null) {
                release(held, session, false); // the store did not answer: the hold taken above goes
                throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
            }
            return new Hold(held, session, id != null);
        });
    }

    /** Once loaded: file the session under its real id and listen for its moves; drop a failed load. */
    private void settle(Entry entry, Session session, Throwable failure) {
        boolean filedUnderItsId = failure == null && session.id().equals(entry.key);
        if (!filedUnderItsId) { // a new session, a failed load, or an id the store did not hold
            synchronized (this) {
                live.remove(entry.key, entry);
                if (failure == null) {
                    Entry existing = live.get(session.id());
                    if (existing == null) {
                        live.put(session.id(), entry);
                    }
                }
            }
        }
        if (failure == null) {
            session.addListener(entry);
            SessionEvents.publishTo(session, publisher);
        }
    }

    /** The live session of {@code id}, or null. */
    private Session liveSession(String id) {
        Entry entry;
        synchronized (this) {
            entry = live.get(id);
        }
        return entry == null ? null : entry.session.getNow(null);
    }

    /**
     * Another server saved the session {@code id}: when it is live here, it reads the store (its
     * listeners hear of the keys that changed). The read is {@link Session#sync()}, so this
     * process's own unsaved changes and saves on their way keep their values.
     */
    public void savedElsewhere(String id) {
        Session session = liveSession(id);
        if (session != null) {
            session.sync().exceptionally(failure -> {
                LOG.warn("session {} changed on another server and could not be read again: {}", id, failure.toString());
                return session;
            });
        }
    }

    /** Another server destroyed the session {@code id}: its live copy here ends (its WebSockets close). */
    public void destroyedElsewhere(String id) {
        Session session = liveSession(id);
        if (session != null) {
            SessionEvents.destroyedElsewhere(session, id);
        }
    }

    /** Another server moved the session {@code oldId} to {@code newId}: its live copy here follows. */
    public void movedElsewhere(String oldId, String newId) {
        Session session = liveSession(oldId);
        if (session != null) {
            SessionEvents.movedElsewhere(session, oldId, newId);
        }
    }

    /** Every live session reads its store again (after the cluster missed what others said). */
    public void syncAll() {
        List<Entry> entries;
        synchronized (this) {
            entries = new ArrayList<>(live.values());
        }
        for (Entry entry : entries) {
            Session session = entry.session.getNow(null);
            if (session != null) {
                session.sync().exceptionally(failure -> session);
            }
        }
    }

    /**
     * Lets go of one hold, saving the session if it changed and is {@linkplain
     * Hold#worthKeeping worth keeping} (every holder saves what changed when
     * its connection ends; saves are key-level, so they never undo each other). After the last
     * hold the session leaves the registry.
     */
    CompletableFuture<?> release(Entry entry, Session session, boolean worthKeeping) {
        boolean last;
        synchronized (this) {
            last = --entry.holders == 0;
        }
        CompletableFuture<?> saved = session.changed() && worthKeeping
                ? save(session) : CompletableFuture.completedFuture(null);
        if (last) {
            saved.whenComplete((ignored, failure) -> {
                synchronized (this) {
                    if (entry.holders == 0) {
                        live.remove(session.id(), entry); // its listener stays: a move then finds nothing to move
                    }
                }
            });
        }
        return saved;
    }

    /**
     * Saves {@code session} (trying once more if the first attempt fails) and keeps the save in
     * view until it ends, so that {@link #saveAll} waits for it: a server that stops must not
     * return while a save it caused is still on its way.
     */
    CompletableFuture<Session> save(Session session) {
        CompletableFuture<Session> saved = saveWithRetry(session);
        if (!saved.isDone()) {
            saving.add(saved);
            saved.whenComplete((done, failure) -> saving.remove(saved));
        }
        return saved;
    }

    /** Saves, and tries once more if the first attempt fails; failures are logged and passed on. */
    static CompletableFuture<Session> saveWithRetry(Session session) {
        CompletableFuture<Session> first = session.save();
        if (first.isDone() && !first.isCompletedExceptionally()) {
            return first; // a store that answers at once (memory) needs no retry stage
        }
        return first.handle((saved, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(saved);
            }
            LOG.warn("saving session {} failed ({}); trying once more", session.id(), failure.toString());
            return session.save().whenComplete((again, second) -> {
                if (second != null) {
                    LOG.error("saving session {} failed twice; its changes stay in memory while it is held",
                            session.id(), second);
                }
            });
        }).thenCompose(next -> next);
    }

    /** How many sessions are held. */
    public synchronized int size() {
        return (int) live.values().stream().filter(entry -> entry.session.isDone()).count();
    }

    /**
     * For a server that stops: saves every held session that changed and waits, at most
     * {@code limit}, for those saves and for every save still on its way. Returns the ids of the
     * sessions whose save failed or did not end in time (each is logged).
     */
    public List<String> saveAll(Duration limit) {
        Map<String, CompletableFuture<?>> saves = new HashMap<>();
        List<Entry> entries;
        synchronized (this) {
            entries = new ArrayList<>(live.values());
        }
        for (Entry entry : entries) {
            Session session = entry.session.getNow(null);
            if (session != null && session.changed()) {
                saves.put(session.id(), save(session));
            }
        }
        List<CompletableFuture<?>> all = new ArrayList<>(saves.values());
        all.addAll(saving);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // told below, session by session
        }
        List<String> failed = new ArrayList<>();
        saves.forEach((id, save) -> {
            if (!save.isDone() || save.isCompletedExceptionally()) {
                failed.add(id);
            }
        });
        long unfinished = saving.stream().filter(save -> !save.isDone()).count();
        if (!failed.isEmpty() || unfinished > 0) {
            LOG.error("sessions not saved before the server stopped: {}{}", failed,
                    unfinished > 0 ? " and " + unfinished + " saves still on their way" : "");
        }
        return failed;
    }
}
