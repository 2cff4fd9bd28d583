package io.simples.core.internal;

import io.simples.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One connection's hold on a live session: {@link #release()} once, when the connection is done. */
public final class SessionHold {

    private final SessionRegistry registry;
    private final SessionRegistry.Entry entry;
    private final Session session;
    private final boolean carriedCookie;
    private final AtomicBoolean released = new AtomicBoolean();

    SessionHold(SessionRegistry registry, SessionRegistry.Entry entry, Session session, boolean carriedCookie) {
        this.registry = registry;
        this.entry = entry;
        this.session = session;
        this.carriedCookie = carriedCookie;
    }

    public Session session() {
        return session;
    }

    /**
     * False for a session that deserves neither a cookie nor a save: a new, still empty one given
     * to a connection whose cookie named a session the store did not hold. Such a request may be
     * one that a login raced (the browser's {@code /favicon.ico}, say, still carrying the id the
     * login just replaced): its answer must not replace the new cookie, or the user is logged out.
     * A connection without a cookie still gets one for its new session, so that the requests a
     * first page makes next share it.
     */
    public boolean worthKeeping() {
        return !carriedCookie || !session.isNew() || !session.isEmpty();
    }

    /**
     * Lets go, saving the session if it changed; the future ends with that save (at once when
     * nothing needed saving). Calls after the first do nothing and return a completed future.
     */
    public CompletableFuture<?> release() {
        if (released.compareAndSet(false, true)) {
            return registry.release(entry, session, worthKeeping());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Saves the session now if it is worth keeping (its changes, or only a new expiration when
     * nothing changed), tracked by the registry so that a stopping server waits for it.
     */
    public CompletableFuture<?> save() {
        return worthKeeping() ? registry.save(session) : CompletableFuture.completedFuture(null);
    }
}
