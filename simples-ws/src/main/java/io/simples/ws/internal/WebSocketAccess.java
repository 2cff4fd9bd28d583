package io.simples.ws.internal;

import io.simples.core.LoggerOptions;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SharedSecret;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code simples-ws}'s one door between its API and the framework's internals: what the server
 * does with a WebSocket endpoint (check a page's origin, turn a connection into a WebSocket, make
 * the endpoint its server's in a cluster) and what the client does to make a
 * {@link ClientConnection}, which applications never do. {@link WSHost} and
 * {@code ClientConnection} hand their parts over from their static initializers (the JDK's
 * "shared secrets" pattern, see {@link SharedSecret}), so none of it is a public member of the API.
 */
public final class WebSocketAccess {

    /** What the HTTP side does with an endpoint: implemented by {@link WSHost}. */
    public interface Host {

        boolean acceptsOrigin(WSHost host, String origin, String hostHeader);

        void handshake(WSHost host, RequestHead head, Opening opening);

        void join(WSHost host, ClusterMember member, String key);
    }

    /** Makes client connections: implemented by {@link ClientConnection}. */
    public interface Factory {

        ClientConnection create(URI url, WSOptions options, Executor handlers, WebSocketClient.Connector connector);
    }

    /**
     * What the HTTP side knows of a WebSocket being opened: the values of its location's
     * parameters, the executor of its listeners, the cookies its 101 sets, and how it is logged
     * when it closes: with {@code accessLog} when that accepts the connection, else in the default
     * format when {@code logEvery} (development mode); and what counts its traffic.
     */
    public record Opening(Map<String, String> params, Executor handlers, List<String> setCookies,
                          LoggerOptions accessLog, boolean logEvery, Metrics.WebSocketMeters meters) {
    }

    private static final SharedSecret<Host> HOSTS = new SharedSecret<>(WSHost.class);
    private static final SharedSecret<Factory> CONNECTIONS = new SharedSecret<>(ClientConnection.class);

    private WebSocketAccess() {
    }

    /** Called by {@link WSHost}'s static initializer, once. */
    public static void install(Host hosts) {
        HOSTS.install(hosts);
    }

    /** Called by {@link ClientConnection}'s static initializer, once. */
    public static void install(Factory connections) {
        CONNECTIONS.install(connections);
    }

    /** True when a page of {@code origin} may connect to {@code hostHeader} (the request's Host) through {@code host}. */
    public static boolean acceptsOrigin(WSHost host, String origin, String hostHeader) {
        return HOSTS.get().acceptsOrigin(host, origin, hostHeader);
    }

    /**
     * On the connection's event loop, after the HTTP handlers left the pipeline: turns the
     * connection into a WebSocket of {@code host} and answers the handshake in {@code head}'s
     * request, which this takes over.
     */
    public static void handshake(WSHost host, RequestHead head, Opening opening) {
        HOSTS.get().handshake(host, head, opening);
    }

    /**
     * Makes {@code host} a member's: known to the other servers of its cluster as {@code key}
     * (its virtual host and location), so that broadcasts and channels reach them.
     */
    public static void join(WSHost host, ClusterMember member, String key) {
        HOSTS.get().join(host, member, key);
    }

    /** A client connection to {@code url}, not yet open: its listeners come first, then {@code open()}. */
    public static ClientConnection connection(URI url, WSOptions options, Executor handlers,
                                              WebSocketClient.Connector connector) {
        return CONNECTIONS.get().create(url, options, handlers, connector);
    }
}
