package io.simples.http;

import io.simples.http.internal.http1.ListeningPort;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One more listening port for a {@link Server}: it serves the server's hosts and routes, with
 * options of its own (TLS, say), and starts and stops on its own. Made by
 * {@link Server#mirror}.
 */
public final class Mirror {

    private final Server server;
    private final ListeningPort<Mirror> endpoint;
    private final Map<String, Object> data = new ConcurrentHashMap<>();

    Mirror(Server server, ServerOptions options) {
        this.server = server;
        this.endpoint = new ListeningPort<>(this, server.application(), options, Https.context(options.https(), options.http2().tls()), "simples-mirror");
    }

    /**
     * Starts on {@code port} (0: an ephemeral one), or moves there when started on another; nothing
     * happens when started on it already.
     *
     * @param port the port to listen on, 0 for an ephemeral one (then see {@link #port()})
     * @return this mirror, for chaining
     * @throws java.io.UncheckedIOException when the port cannot be bound (told to the {@link #onError} listeners too)
     */
    public Mirror start(int port) {
        endpoint.start(port);
        return this;
    }

    /**
     * Starts on {@code port}, then calls {@code callback}.
     *
     * @param port the port to listen on, 0 for an ephemeral one
     * @param callback gets this mirror once it listens
     * @return this mirror, for chaining
     * @throws java.io.UncheckedIOException when the port cannot be bound (told to the {@link #onError} listeners too)
     */
    public Mirror start(int port, Consumer<Mirror> callback) {
        start(port);
        callback.accept(this);
        return this;
    }

    /**
     * Stops gracefully, like {@link Server#stop()}; the server and its other ports go on.
     *
     * @return this mirror, for chaining
     */
    public Mirror stop() {
        endpoint.stop();
        return this;
    }

    /**
     * Stops, then calls {@code callback}.
     *
     * @param callback gets this mirror once the port is released
     * @return this mirror, for chaining
     */
    public Mirror stop(Consumer<Mirror> callback) {
        stop();
        callback.accept(this);
        return this;
    }

    /**
     * The port listened on, or -1 when stopped.
     *
     * @return the port, the one bound when started on 0
     */
    public int port() {
        return endpoint.port();
    }

    /**
     * Tells whether the mirror listens.
     *
     * @return true between start and stop
     */
    public boolean started() {
        return endpoint.started();
    }

    /**
     * The server whose hosts this mirror serves.
     *
     * @return the server that made this mirror
     */
    public Server server() {
        return server;
    }

    /**
     * A free container for the application's data.
     *
     * @return the data by name, a map safe to use from any thread
     */
    public Map<String, Object> data() {
        return data;
    }

    /**
     * Calls {@code callback} each time the mirror starts.
     *
     * @param callback gets this mirror once it listens
     * @return this mirror, for chaining
     */
    public Mirror onStart(Consumer<Mirror> callback) {
        endpoint.onStart(callback);
        return this;
    }

    /**
     * Calls {@code callback} each time the mirror stops.
     *
     * @param callback gets this mirror once the port is released
     * @return this mirror, for chaining
     */
    public Mirror onStop(Consumer<Mirror> callback) {
        endpoint.onStop(callback);
        return this;
    }

    /**
     * Listens for the mirror's own failures (a port that cannot be bound), with a {@code null}
     * connection: the shape of {@link Router#onError}, where the failures of requests go.
     *
     * @param listener gets {@code null} and the failure
     * @return this mirror, for chaining
     */
    public Mirror onError(BiConsumer<HTTPConnection, Throwable> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        endpoint.onError(failure -> listener.accept(null, failure));
        return this;
    }

    @Override
    public String toString() {
        return "Mirror[" + (started() ? "port " + port() : "stopped") + "]";
    }
}
