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
    private final String firstId; // another id later: generate() was called on purpose
    private final AtomicBoolean released = new AtomicBoolean();

    SessionHold(SessionRegistry registry, SessionRegistry.Entry entry, Session session, boolean carriedCookie) {
        this.registry = registry;
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
     * something, or one given a new id on purpose ({@link Session#generate()}). A new, empty session
     * gets neither: a visitor whose requests never touch their session (a static file,
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
