package io.simples.test;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.client.ClientRequest;
import io.simples.http.Server;
import io.simples.http.internal.InProcess;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A started application under test: its {@link Server} and a {@link Client} connected to it, in
 * process or over a socket ({@link #transport()}). Made by {@link SimplesTest#start} or by
 * {@link SimplesExtension}; {@link #close()} closes its clients and stops the server.
 *
 * <p>Its client is simpleS's own, with {@link Client#create()}'s defaults (no
 * redirect followed) but the cookie jar on, so a session made by one request is the next request's
 * and its WebSockets', as in a browser. Every connection it opens goes to this application,
 * whatever the host in the URL: a request to {@code http://admin.example.com/} reaches the server with that {@code Host}, which is
 * how a test calls a virtual host. {@link #url} gives the application's own URLs:
 * {@code http://localhost/...} in process, {@code http://localhost:PORT/...} over a socket.
 *
 * <p>Its methods may be called from any thread.
 */
public final class TestApp implements AutoCloseable {

    private final Server server;
    private final Transport transport;
    private final InProcess.Access access;
    private final String origin;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Client client;

    TestApp(Server server, Transport transport, InProcess.Access access) {
        this.server = server;
        this.transport = transport;
        this.access = access;
        String authority = transport == Transport.IN_PROCESS ? "localhost" : "localhost:" + server.port();
        this.origin = "://" + authority;
        this.client = client(ClientOptions.defaults().cookies(true));
    }

    /**
     * The application's server, started.
     *
     * @return the server
     */
    public Server server() {
        return server;
    }

    /**
     * How this application's clients reach it.
     *
     * @return the transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * The client of this application: its cookie jar on, closed with it.
     *
     * @return the client
     */
    public Client client() {
        return client;
    }

    /**
     * Another client of this application, with {@code options} (a cookie jar of its own, say: another
     * user), closed with it.
     *
     * @param options the client's options
     * @return a new client whose every connection goes to this application
     */
    public Client client(ClientOptions options) {
        Client made = Client.connectingTo(access.address(server), Objects.requireNonNull(options, "options"));
        clients.add(made);
        return made;
    }

    /**
     * The absolute URL of {@code path} on this application.
     *
     * @param path a path, with its query if any, such as {@code "/users/7?full=1"}
     * @return {@code http://localhost/users/7?full=1} in process, {@code http://localhost:PORT/users/7?full=1}
     *     over a socket ({@code https} when the server has TLS)
     */
    public String url(String path) {
        return (secure() ? "https" : "http") + origin + slashed(path);
    }

    /**
     * The WebSocket URL of {@code path} on this application.
     *
     * @param path the WebSocket's path, such as {@code "/chat"}
     * @return {@code ws://localhost/chat} in process ({@code wss} when the server has TLS)
     */
    public String wsUrl(String path) {
        return (secure() ? "wss" : "ws") + origin + slashed(path);
    }

    /**
     * A GET request to {@code path} with {@link #client()}.
     *
     * @param path the path, with its query if any
     * @return the request, to complete and send
     */
    public ClientRequest get(String path) {
        return client.get(url(path));
    }

    /**
     * A POST request to {@code path} with {@link #client()}: give it a body before sending it.
     *
     * @param path the path, with its query if any
     * @return the request, to complete and send
     */
    public ClientRequest post(String path) {
        return client.post(url(path));
    }

    /**
     * A PUT request to {@code path} with {@link #client()}: give it a body before sending it.
     *
     * @param path the path, with its query if any
     * @return the request, to complete and send
     */
    public ClientRequest put(String path) {
        return client.put(url(path));
    }

    /**
     * A DELETE request to {@code path} with {@link #client()}.
     *
     * @param path the path, with its query if any
     * @return the request, to complete and send
     */
    public ClientRequest delete(String path) {
        return client.delete(url(path));
    }

    /**
     * A request of any method to {@code path} with {@link #client()}.
     *
     * @param method the method, sent as it is
     * @param path the path, with its query if any
     * @return the request, to complete and send
     */
    public ClientRequest request(String method, String path) {
        return client.request(method, url(path));
    }

    /**
     * A WebSocket to {@code path} with {@link #client()} (its cookies, so its session): register its
     * listeners, then {@link ClientConnection#open()} it.
     *
     * @param path the WebSocket's path
     * @return the connection, not open yet
     */
    public ClientConnection ws(String path) {
        return client.ws(wsUrl(path));
    }

    /**
     * A WebSocket to {@code path} with {@code options}, with {@link #client()}.
     *
     * @param path the WebSocket's path
     * @param options the connection's options
     * @return the connection, not open yet
     */
    public ClientConnection ws(String path, WSOptions options) {
        return client.ws(wsUrl(path), options);
    }

    /** Closes the clients (a request in flight fails), then stops the server gracefully. */
    @Override
    public void close() {
        try {
            clients.forEach(Client::close);
        } finally {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "TestApp[" + server + ", " + transport + "]";
    }

    private boolean secure() {
        return server.serverOptions().https() != null;
    }

    private static String slashed(String path) {
        Objects.requireNonNull(path, "path");
        return path.startsWith("/") ? path : "/" + path;
    }
}
