package io.simples.client;

import io.netty.handler.ssl.SslContext;
import io.simples.client.internal.HttpEngine;
import io.simples.client.internal.Origin;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An HTTP client: requests to any server, over pooled keep-alive connections, on the same event
 * loops as the servers of the process (it starts no threads of its own). Made by
 * {@link #create()}; {@link #close()} closes its connections and lets go of the event
 * loops, which keep the JVM running while a client or a server holds them: close it when done.
 *
 * <pre>{@code
 * try (Client client = Client.create()) {
 *     ClientResponse answer = client.get("http://localhost:8080/users/42").send().join();
 *     User user = answer.json(User.class);
 * }
 * }</pre>
 *
 * <p>Every request returns a {@link java.util.concurrent.CompletableFuture}; {@code join()} it to
 * wait. A failure completes it with one of the JDK's exceptions, naming the URL (see
 * {@link ClientRequest#send()}).
 */
public final class Client implements AutoCloseable {

    private final HttpEngine engine;

    /**
     * A client with the default options (see {@link ClientOptions#defaults()}); close it when done.
     *
     * @return a new client
     */
    public static Client create() {
        return create(ClientOptions.defaults());
    }

    /**
     * A client as {@code options} say; close it when done.
     *
     * @param options the client's options
     * @return a new client
     */
    public static Client create(ClientOptions options) {
        return new Client(options, null);
    }

    /**
     * A client whose every connection goes to {@code address}, whatever the host of the URL (which
     * still makes the {@code Host} header, the cookies' domain and TLS's server name), like curl's
     * {@code --connect-to}: to try a server under its public name, or a virtual host, before any
     * DNS points there. The test kit ({@code simples-test}) gives it a server's in-process address.
     *
     * @param address where every connection goes
     * @param options the client's options
     * @return a new client
     */
    public static Client connectingTo(SocketAddress address, ClientOptions options) {
        return new Client(options, Objects.requireNonNull(address, "address"));
    }

    private Client(ClientOptions options, SocketAddress to) {
        Objects.requireNonNull(options, "options");
        ClientTrust trust = options.trust();
        this.engine = new HttpEngine(options, memoized(trust::context), trust.verifies(), to);
    }

    /**
     * A GET request to {@code url}.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest get(String url) {
        return request("GET", url);
    }

    /**
     * A HEAD request: the answer has no body.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest head(String url) {
        return request("HEAD", url);
    }

    /**
     * A POST request to {@code url}: give it a body before sending it.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest post(String url) {
        return request("POST", url);
    }

    /**
     * A PUT request to {@code url}: give it a body before sending it.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest put(String url) {
        return request("PUT", url);
    }

    /**
     * A PATCH request to {@code url}: give it a body before sending it.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest patch(String url) {
        return request("PATCH", url);
    }

    /**
     * A DELETE request to {@code url}.
     *
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code url} is not an absolute http or https URL
     */
    public ClientRequest delete(String url) {
        return request("DELETE", url);
    }

    /**
     * A request of any method (a token: letters, digits and {@code !#$%&'*+-.^_`|~}).
     *
     * @param method the method, sent as it is (case matters)
     * @param url the absolute http or https URL to send the request to
     * @return the request, to complete and send
     * @throws IllegalArgumentException when {@code method} is not a token or {@code url} is not an
     *                                  absolute http or https URL
     */
    public ClientRequest request(String method, String url) {
        return new ClientRequest(engine, method, url);
    }

    /**
     * A WebSocket to {@code url} ({@code ws://} or {@code wss://}) with the default options:
     * register its listeners, then {@link ClientConnection#open()} it.
     *
     * @param url the {@code ws://} or {@code wss://} URL to connect to
     * @return the connection, not open yet
     * @throws IllegalArgumentException when {@code url} is not a ws or wss URL
     */
    public ClientConnection ws(String url) {
        return ws(url, WSOptions.defaults());
    }

    /**
     * A WebSocket to {@code url} as {@code options} say: {@code advanced} for events,
     * {@code limit} for the largest message taken, {@code protocols} offered, {@code compression}
     * (permessage-deflate, when the server agrees). The client's cookie jar, when on, goes with
     * the handshake.
     *
     * @param url the {@code ws://} or {@code wss://} URL to connect to
     * @param options the connection's options
     * @return the connection, not open yet
     * @throws IllegalArgumentException when {@code url} is not a ws or wss URL
     */
    public ClientConnection ws(String url, WSOptions options) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://: " + url);
        }
        Origin.of(uri); // a host
        return engine.webSocket(uri, Objects.requireNonNull(options, "options"));
    }

    /**
     * The options this client was made with.
     *
     * @return the client's options
     */
    public ClientOptions options() {
        return engine.options();
    }

    /** Closes the pooled connections; requests sent after this fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        engine.close();
    }

    private static Supplier<SslContext> memoized(Supplier<SslContext> make) {
        return new Supplier<>() {
            private SslContext context;

            @Override
            public synchronized SslContext get() {
                if (context == null) {
                    context = make.get();
                }
                return context;
            }
        };
    }
}
