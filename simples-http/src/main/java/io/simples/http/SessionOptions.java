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
 */
public record SessionOptions(Predicate<? super Connection> enabled, Store store, Duration timeout) {

    private static final SessionOptions DEFAULTS = new SessionOptions(c -> false, null, Duration.ofHours(1));

    public SessionOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Off; the server's memory store and one hour when enabled. */
    public static SessionOptions defaults() {
        return DEFAULTS;
    }
}
