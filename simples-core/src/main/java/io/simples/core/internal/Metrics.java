package io.simples.core.internal;

import io.simples.session.Store;

/**
 * What the request path tells a metrics backend, in terms of its own: no Micrometer type here, so
 * that a server without metrics (or without Micrometer on its class path) loads nothing of it.
 * {@link #NONE} does nothing and is what a server has until {@code server.metrics(registry)}.
 */
public interface Metrics {

    /** No metrics: every call does nothing. */
    Metrics NONE = new Metrics() {
    };

    /**
     * An HTTP exchange ended.
     *
     * @param method the request method
     * @param uri what the request is counted under: a route's location, or one fixed name
     *            ({@code NOT_FOUND}, {@code REDIRECTION}, {@code STATIC}, {@code UNKNOWN}), never a path
     * @param status the status sent
     * @param failure what a listener threw, or {@code null}
     * @param version {@code HTTP/1.1}, {@code HTTP/2}...
     * @param nanos how long from the request head to the end of the response
     * @param bytesIn the request body's bytes
     * @param bytesOut the response body's bytes as sent
     */
    default void exchange(String method, String uri, int status, Throwable failure, String version, long nanos,
                          long bytesIn, long bytesOut) {
    }

    /** The meters of the WebSocket endpoint at {@code location}; asked once per connection. */
    default WebSocketMeters webSocket(String location) {
        return WebSocketMeters.NONE;
    }

    /** {@code store} itself, or a store that times each of its operations; the same one for the same store. */
    default Store store(Store store) {
        return store;
    }

    /** What one WebSocket endpoint counts: connections open, messages and bytes each way, close codes. */
    interface WebSocketMeters {

        /** Counts nothing. */
        WebSocketMeters NONE = new WebSocketMeters() {
        };

        /** A connection opened. */
        default void opened() {
        }

        /** A message of {@code bytes} came in. */
        default void received(int bytes) {
        }

        /** A message of {@code bytes} went out. */
        default void sent(int bytes) {
        }

        /** A broadcast (this server's, or its part of another's) went to {@code recipients} connections. */
        default void broadcast(int recipients) {
        }

        /** A connection closed with {@code code}, begun by {@code by} (client, server, network). */
        default void closed(int code, String by) {
        }
    }
}
