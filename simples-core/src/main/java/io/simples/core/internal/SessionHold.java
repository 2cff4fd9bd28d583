package io.simples.core.internal;

import io.simples.session.Session;
import java.util.concurrent.atomic.AtomicBoolean;

/** One connection's hold on a live session: {@link #release()} once, when the connection is done. */
public final class SessionHold {

    private final SessionRegistry registry;
    private final SessionRegistry.Entry entry;
    private final Session session;
    private final AtomicBoolean released = new AtomicBoolean();

    SessionHold(SessionRegistry registry, SessionRegistry.Entry entry, Session session) {
        this.registry = registry;
        this.entry = entry;
        this.session = session;
    }

    public Session session() {
        return session;
    }

    /** Lets go, saving the session if it changed. Calls after the first do nothing. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            registry.release(entry, session);
        }
    }
}
