package io.simples.http;

import io.simples.core.Connection;
import io.simples.session.Store;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router {@code session} option: whether connections carry the user's session, where it
 * is stored and how long it lives.
 *
 * @param enabled which connections carry a session (none by default)
 * @param store the store, or {@code null} for the server's own {@code MemoryStore}
 * @param timeout how long a session lives after its last save (3600 s by default)
 * @param saveTimeout how long a response waits for its session's save before it ends, and a
 *                    request for its session's load before it goes on; a save or load that
 *                    fails or takes longer turns the response into a 503 (5 s: with a store whose
 *                    commands time out in 2 s, two attempts fit, and a client behind a proxy with a
 *                    common 30 or 60 s timeout hears the failure long before it gives up)
 */
public record SessionOptions(Predicate<? super Connection> enabled, Store store, Duration timeout, Duration saveTimeout) {

    /** How long a response waits for its session's save unless told otherwise. */
    public static final Duration SAVE_TIMEOUT = Duration.ofSeconds(5);
    private static final SessionOptions DEFAULTS = new SessionOptions(c -> false, null, Duration.ofHours(1));

    /**
     * Checks the options.
     *
     * @param enabled which connections carry a session
     * @param store the store, or {@code null} for the server's own {@code MemoryStore}
     * @param timeout how long a session lives after its last save
     * @param saveTimeout how long a response waits for its session's save, positive
     * @throws NullPointerException when {@code enabled}, {@code timeout} or {@code saveTimeout} is null
     * @throws IllegalArgumentException when {@code saveTimeout} is zero or negative
     */
    public SessionOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(timeout, "timeout");
        if (Objects.requireNonNull(saveTimeout, "saveTimeout").isNegative() || saveTimeout.isZero()) {
            throw new IllegalArgumentException("the save timeout must be positive, got " + saveTimeout);
        }
    }

    /**
     * Sessions for the connections {@code enabled} accepts, in {@code store}, living {@code timeout}; saves wait 5 s.
     *
     * @param enabled which connections carry a session
     * @param store the store, or {@code null} for the server's own {@code MemoryStore}
     * @param timeout how long a session lives after its last save
     */
    public SessionOptions(Predicate<? super Connection> enabled, Store store, Duration timeout) {
        this(enabled, store, timeout, SAVE_TIMEOUT);
    }

    /**
     * Off; the server's memory store and one hour when enabled.
     *
     * @return the default options
     */
    public static SessionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options, on or off for every connection.
     *
     * @param on true to give every connection a session, false to give none
     * @return these options with {@code enabled} set for every connection
     */
    public SessionOptions enabled(boolean on) {
        return new SessionOptions(c -> on, store, timeout, saveTimeout);
    }

    /**
     * These options for the connections {@code which} accepts.
     *
     * @param which accepts the connections that carry a session
     * @return these options with {@code enabled} set to {@code which}
     */
    public SessionOptions enabled(Predicate<? super Connection> which) {
        return new SessionOptions(which, store, timeout, saveTimeout);
    }

    /**
     * These options with sessions kept in {@code value} ({@code null}: the server's memory store).
     *
     * @param value the store, or {@code null}
     * @return these options with {@code store} set to {@code value}
     */
    public SessionOptions store(Store value) {
        return new SessionOptions(enabled, value, timeout, saveTimeout);
    }

    /**
     * These options with sessions living {@code value} after their last save.
     *
     * @param value how long a session lives after its last save
     * @return these options with {@code timeout} set to {@code value}
     */
    public SessionOptions timeout(Duration value) {
        return new SessionOptions(enabled, store, value, saveTimeout);
    }

    /**
     * These options with responses waiting {@code value} for their session's save.
     *
     * @param value how long a response waits for its session's save, positive
     * @return these options with {@code saveTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public SessionOptions saveTimeout(Duration value) {
        return new SessionOptions(enabled, store, timeout, value);
    }
}
