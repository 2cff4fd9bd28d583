package io.simples.ws;

import io.netty.channel.Channel;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SessionRegistry;
import io.simples.session.Session;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket's part in its user's session, from open to close: it hears the session's changes
 * and its end, keeps the session (and the recovery marks) alive in the store while the socket is
 * open, saves before a close frame goes, and lets go of the session when the socket ends. A
 * connection without a session has one too; it does nothing.
 */
final class SocketSession {

    /** How long a close waits for the session's save before the close frame goes anyway. */
    static final Duration SAVE_BEFORE_CLOSE = Duration.ofSeconds(5);

    private final RequestHead head;
    private final Channel channel;
    private final Session.Listener listener;
    private volatile ScheduledFuture<?> refresh;

    /**
     * A destroyed session closes {@code connection} with 1008 (a logged-out user keeps no open
     * socket); the keys a save wrote go to its {@code onSessionChange} listeners, in order.
     */
    SocketSession(WSConnection connection, RequestHead head, Channel channel) {
        this.head = head;
        this.channel = channel;
        this.listener = new Session.Listener() {
            @Override
            public void destroyed(Session session) {
                connection.close(1008, "session destroyed");
            }

            @Override
            public void changed(Session session, Set<String> keys) {
                connection.sessionChanged(keys);
            }
        };
    }

    /**
     * The socket opened: listens to the session, and updates it in the store every half timeout
     * (at least every second), with {@code alsoEveryHalfTimeout} (the recovery marks), so that
     * neither expires while the socket is open.
     */
    void opened(Runnable alsoEveryHalfTimeout) {
        Session session = head.session();
        if (session == null) {
            return;
        }
        session.addListener(listener);
        long every = Math.max(1000, session.timeout().toMillis() / 2);
        refresh = channel.eventLoop().scheduleAtFixedRate(() -> {
            session.update();
            alsoEveryHalfTimeout.run();
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code closing} on the event loop once the session's changes are in the store (at most
     * {@link #SAVE_BEFORE_CLOSE} later): when the client sees the close, another server that reads
     * the session finds what this connection set.
     */
    void afterSave(Runnable closing) {
        SessionRegistry.Hold hold = head.hold();
        Session session = head.session();
        if (hold == null || session == null || !session.changed()) {
            runOnLoop(closing);
            return;
        }
        hold.save().orTimeout(SAVE_BEFORE_CLOSE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((saved, failure) -> runOnLoop(closing));
    }

    /**
     * The socket ended: stops listening and refreshing, and lets go of the session (its last
     * changes are saved when it was the user's last holder here).
     *
     * @return completes when that is done; fails when the save failed
     */
    CompletableFuture<Void> ended() {
        Session session = head.session();
        if (session == null) {
            return CompletableFuture.completedFuture(null);
        }
        session.removeListener(listener);
        ScheduledFuture<?> refreshing = refresh;
        if (refreshing != null) {
            refreshing.cancel(false);
        }
        SessionRegistry.Hold hold = head.hold();
        return hold == null ? CompletableFuture.completedFuture(null) : hold.release().thenApply(saved -> null);
    }

    private void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
