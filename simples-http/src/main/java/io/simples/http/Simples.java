package io.simples.http;

import java.util.function.Consumer;

/**
 * The entry point: {@code Simples.server(8080)} gives a started server to add routes to. The
 * client to call servers with is {@code io.simples.client.Client.create()}, in the
 * {@code simples-client} module.
 */
public final class Simples {

    private Simples() {
    }

    /**
     * A server listening on {@code port} (0: an ephemeral one; {@link Server#port()} tells it).
     *
     * @param port the port to listen on, 0 for an ephemeral one
     * @return the server, started, with the default options
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static Server server(int port) {
        return server(ServerOptions.defaults().port(port));
    }

    /**
     * A server listening as {@code options} say.
     *
     * @param options the server's options, its port among them
     * @return the server, started
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static Server server(ServerOptions options) {
        return new Server(options).start();
    }

    /**
     * A server listening on {@code port} as {@code options} say, then handed to {@code callback}.
     *
     * @param port the port to listen on, 0 for an ephemeral one; it replaces the port of {@code options}
     * @param options the server's other options
     * @param callback gets the server once it listens
     * @return the server, started
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static Server server(int port, ServerOptions options, Consumer<Server> callback) {
        Server server = server(options.port(port));
        callback.accept(server);
        return server;
    }
}
