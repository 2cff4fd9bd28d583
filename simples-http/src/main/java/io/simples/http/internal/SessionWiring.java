package io.simples.http.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.simples.core.internal.SessionRegistry;
import io.simples.http.SessionOptions;
import io.simples.session.MemoryStore;
import io.simples.session.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server's sessions, from a request's point of view and a stop's: the one place that attaches
 * a session to an exchange, puts its cookie on the head, saves it before the response's last
 * bytes, lets go of it when the exchange ends, and saves what is left when the server stops.
 * Whether a session deserves a cookie and a save is
 * {@link SessionRegistry.Hold#worthKeeping()}'s answer, asked here and nowhere else in this module.
 *
 * <p>The cookie is {@value #COOKIE}: the id, the timeout as its {@code Max-Age},
 * {@code Path=/; HttpOnly; SameSite=Lax}, and {@code Secure} over HTTPS.
 */
public final class SessionWiring {

    /** The session cookie's name. */
    public static final String COOKIE = "_session";

    private final SessionRegistry registry = new SessionRegistry();
    private volatile MemoryStore memoryStore;

    /** The live sessions, for the WebSocket side of a connection. */
    public SessionRegistry registry() {
        return registry;
    }

    /**
     * Asks for the session of {@code exchange}'s user: live already, or loaded from the store. The
     * future completes on whatever thread the store answers on.
     */
    CompletableFuture<SessionRegistry.Hold> load(Exchange exchange, SessionOptions options) {
        Store store = options.store() != null ? options.store() : memoryStore();
        return registry.acquire(exchange.application().metrics().store(store), exchange.head().cookie(COOKIE), options.timeout());
    }

    /**
     * The hold {@code loading} brings, waited for on a handler thread at most the options' save
     * timeout (the store's time budget, loads included).
     *
     * @throws StoreFailure when the store failed or did not answer in time
     */
    SessionRegistry.Hold await(CompletableFuture<SessionRegistry.Hold> loading, SessionOptions options)
            throws InterruptedException {
        try {
            return loading.get(options.saveTimeout().toMillis(), TimeUnit.MILLISECONDS); // at once when loaded already
        } catch (ExecutionException e) {
            throw storeFailed(e.getCause());
        } catch (TimeoutException e) {
            loading.thenAccept(SessionRegistry.Hold::release); // a hold that comes too late: nobody is left to use it
            throw storeFailed(e);
        }
    }

    /**
     * {@code loading}, failed with a timeout past the options' save timeout, for an event loop that
     * goes on when it completes; a hold that comes after that is let go of at once.
     */
    CompletableFuture<SessionRegistry.Hold> bound(CompletableFuture<SessionRegistry.Hold> loading,
            SessionOptions options) {
        CompletableFuture<SessionRegistry.Hold> bounded =
                loading.copy().orTimeout(options.saveTimeout().toMillis(), TimeUnit.MILLISECONDS);
        bounded.whenComplete((hold, failure) -> {
            if (failure != null) {
                loading.thenAccept(SessionRegistry.Hold::release);
            }
        });
        return bounded;
    }

    /** Wires a loaded session to the exchange's response: the cookie goes with the head, the save runs before the end. */
    void attach(Exchange exchange, SessionRegistry.Hold hold, SessionOptions options) {
        exchange.session(hold, options);
        Response response = exchange.response();
        response.beforeHead(() -> {
            String cookie = cookie(exchange);
            if (cookie != null) {
                response.addHeader(HttpHeaderNames.SET_COOKIE, cookie);
            }
        });
        response.beforeEnd(() -> save(exchange, hold, options));
    }

    /** The failure an exchange answers when its session could not be loaded: a 503 (see {@link Errors}). */
    static StoreFailure storeFailed(Throwable cause) {
        Throwable root = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        String why = root instanceof TimeoutException ? "did not answer in time" : "failed: " + root;
        return new StoreFailure("the session store " + why, root);
    }

    /** The session store failed or did not answer while a request's session was loaded. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The {@code Set-Cookie} value for the exchange's session, or null without one or when it is not worth keeping. */
    String cookie(Exchange exchange) {
        SessionRegistry.Hold hold = exchange.head().hold();
        return hold == null || !hold.worthKeeping() ? null : encode(exchange, hold);
    }

    /**
     * The {@code Set-Cookie} value for the session of a WebSocket handshake
     * ({@link SessionRegistry.Hold#worthACookieOnUpgrade()}), or null.
     */
    String upgradeCookie(Exchange exchange) {
        SessionRegistry.Hold hold = exchange.head().hold();
        return hold == null || !hold.worthACookieOnUpgrade() ? null : encode(exchange, hold);
    }

    /** Written by hand: the id is hex and the rest is fixed, so there is nothing to escape (and no Expires date to format). */
    private static String encode(Exchange exchange, SessionRegistry.Hold hold) {
        return COOKIE + "=" + hold.session().id() + "; Max-Age=" + exchange.sessionOptions().timeout().toSeconds()
                + "; Path=/; HttpOnly; SameSite=Lax" + (exchange.head().secure() ? "; Secure" : "");
    }

    /** Lets go of the exchange's session, unless a WebSocket took it over (it lets go when it closes). */
    void release(Exchange exchange) {
        SessionRegistry.Hold hold = exchange.head().hold();
        if (hold != null && !exchange.upgraded()) {
            hold.release();
        }
    }

    /** For a stopping server: saves every held session that changed, and waits for every save on its way. */
    public List<String> saveAll(Duration limit) {
        return registry.saveAll(limit);
    }

    /**
     * Saves before the response ends, so a client never hears of a change the store does not have.
     * False (the response becomes a 503) when the save failed or took longer than the option says.
     */
    private static boolean save(Exchange exchange, SessionRegistry.Hold hold, SessionOptions options) {
        var saved = hold.save();
        if (exchange.transport().onIoThread() && !saved.isDone()) {
            return true; // event-loop listeners never block: a slow store's save ends after the response
        }
        try {
            saved.get(options.saveTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            exchange.application().reportError(exchange.router(), exchange.connection(), new IllegalStateException("the session "
                    + hold.session().id() + " could not be saved; the response is a 503",
                    e instanceof ExecutionException ? e.getCause() : e));
            return false;
        }
    }

    /** The server's own memory store: the default of the session option. */
    private MemoryStore memoryStore() {
        MemoryStore store = memoryStore;
        if (store == null) {
            synchronized (this) {
                if (memoryStore == null) {
                    memoryStore = new MemoryStore();
                }
                store = memoryStore;
            }
        }
        return store;
    }
}
