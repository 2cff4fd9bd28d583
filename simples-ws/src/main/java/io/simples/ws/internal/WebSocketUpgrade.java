package io.simples.ws.internal;

import io.simples.core.LoggerOptions;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SharedSecret;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.ws.WSHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What the HTTP side does with a WebSocket endpoint and applications never do: check a page's
 * origin, turn a connection into a WebSocket, and make the endpoint its server's in a cluster. {@link WSHost} hands its implementation over
 * when its class is initialised (the JDK's "shared secrets" pattern), so these are not public
 * members of the API class; any {@code WSHost} instance exists only after that.
 */
public final class WebSocketUpgrade {

    /** Implemented by {@link WSHost}, installed once by it. */
    public interface Access {

        boolean acceptsOrigin(WSHost host, String origin, String hostHeader);

        void handshake(WSHost host, RequestHead head, Opening opening);

        void join(WSHost host, ClusterMember member, String key);
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

    private static final SharedSecret<Access> ACCESS = new SharedSecret<>("WSHost's upgrade");

    private WebSocketUpgrade() {
    }

    /** Called by {@link WSHost}'s static initializer, once. */
    public static void install(Access implementation) {
        ACCESS.install(implementation);
    }

    /** True when a page of {@code origin} may connect to {@code hostHeader} (the request's Host) through {@code host}. */
    public static boolean acceptsOrigin(WSHost host, String origin, String hostHeader) {
        return ACCESS.get().acceptsOrigin(host, origin, hostHeader);
    }

    /**
     * On the connection's event loop, after the HTTP handlers left the pipeline: turns the
     * connection into a WebSocket of {@code host} and answers the handshake in {@code head}'s
     * request, which this takes over.
     */
    public static void handshake(WSHost host, RequestHead head, Opening opening) {
        ACCESS.get().handshake(host, head, opening);
    }

    /**
     * Makes {@code host} a member's: known to the other servers of its cluster as {@code key}
     * (its virtual host and location), so that broadcasts and channels reach them.
     */
    public static void join(WSHost host, ClusterMember member, String key) {
        ACCESS.get().join(host, member, key);
    }
}
