package io.simples.http;

import io.simples.core.Cluster;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server or mirror listens. Start from {@link #defaults()} and change what you need:
 * {@code ServerOptions.defaults().port(8080).https(Https.pem(cert, key))}.
 *
 * @param port the port; 0 for an ephemeral one, -1 for the protocol's default (80, or 443 with TLS)
 * @param hostname the address to bind, or {@code null} for every interface
 * @param backlog the queue of connections not yet accepted (511)
 * @param https the TLS key and certificate, or {@code null} for plain HTTP
 * @param eventLoopHandlers run listeners on Netty's event loop instead of handler threads: only
 *                          for listeners that never block (false)
 * @param gracePeriod how long {@code stop} may take, from the first request it waits for to the
 *                    last session it saves (10 s; Kubernetes waits 30 s after SIGTERM)
 * @param limits what a client may send, and how slowly (see {@link Limits})
 * @param shutdownHook stop gracefully when the JVM shuts down (SIGTERM from {@code docker stop},
 *                     Kubernetes or systemd, Ctrl-C, {@code System.exit}), so that what open
 *                     WebSockets hold reaches the store (true)
 * @param development development mode: the route table printed at start, and for requests from
 *                    this machine (loopback addresses) a 500 with the exception and its stack
 *                    trace and a 404 listing the nearest routes; every request logged. Off unless
 *                    set or the environment says {@code SIMPLES_ENV=development}; a warning line at
 *                    start says it is on. Off, no stack trace ever reaches a client.
 * @param http2 HTTP/2: cleartext {@code h2c} off unless turned on, and the limits of a connection
 *              (see {@link Http2Options})
 * @param drain how long {@code stop} (and SIGTERM) keeps serving with its readiness answering 503
 *              before it stops accepting, so that a load balancer probing {@code Server.health}
 *              takes the node out first (0: none; set it to the balancer's probe interval times
 *              the failures it waits for)
 * @param cluster the cluster the server joins before it binds its port, so that no client
 *                connects before it hears the other servers ({@code null}: none; see
 *                {@code Server.cluster} to join later). Mirrors ignore it.
 */
public record ServerOptions(int port, String hostname, int backlog, Https https, boolean eventLoopHandlers,
                            Duration gracePeriod, Limits limits, boolean shutdownHook, boolean development,
                            Http2Options http2, Duration drain, Cluster cluster) {

    private static final ServerOptions DEFAULTS = new ServerOptions(-1, null, 511, null, false, Duration.ofSeconds(10),
            Limits.defaults(), true, "development".equalsIgnoreCase(System.getenv("SIMPLES_ENV")), Http2Options.defaults(),
            Duration.ZERO, null);

    /**
     * Checks the options.
     *
     * @param port the port, 0 to 65535, or -1 for the protocol's default
     * @param hostname the address to bind, or {@code null} for every interface
     * @param backlog the queue of connections not yet accepted, positive
     * @param https the TLS key and certificate, or {@code null} for plain HTTP
     * @param eventLoopHandlers whether listeners run on Netty's event loop
     * @param gracePeriod how long {@code stop} may take
     * @param limits what a client may send, and how slowly
     * @param shutdownHook whether the server stops gracefully when the JVM shuts down
     * @param development whether development mode is on
     * @param http2 how HTTP/2 is spoken
     * @param drain how long a stop answers readiness probes with 503 before it stops accepting
     * @param cluster the cluster to join before binding, or {@code null}
     * @throws IllegalArgumentException when {@code port} or {@code backlog} is out of range, or {@code drain} negative
     * @throws NullPointerException when {@code gracePeriod}, {@code limits}, {@code http2} or {@code drain} is null
     */
    public ServerOptions {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535 (or -1 for the default), got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(http2, "http2");
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, got " + drain);
        }
    }

    /**
     * Port 80 (443 with TLS), every interface, backlog 511, plain HTTP, handler threads, 10 s to
     * stop, no drain, a shutdown hook, no cluster; development mode only when {@code SIMPLES_ENV=development}.
     *
     * @return the default options
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** The port to bind: the one set, or the protocol's default. */
    int portToBind() {
        return port >= 0 ? port : https != null ? 443 : 80;
    }

    /**
     * These options with another port.
     *
     * @param value the port, 0 for an ephemeral one, -1 for the protocol's default
     * @return these options with {@code port} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is not -1 to 65535
     */
    public ServerOptions port(int value) {
        return new ServerOptions(value, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with another address to bind.
     *
     * @param value the host name or IP address, or {@code null} for every interface
     * @return these options with {@code hostname} set to {@code value}
     */
    public ServerOptions hostname(String value) {
        return new ServerOptions(port, value, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with another queue of connections not yet accepted.
     *
     * @param value the most connections waiting to be accepted, positive
     * @return these options with {@code backlog} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public ServerOptions backlog(int value) {
        return new ServerOptions(port, hostname, value, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with TLS, or without it.
     *
     * @param value the key and certificate (see {@link Https}), or {@code null} for plain HTTP
     * @return these options with {@code https} set to {@code value}
     */
    public ServerOptions https(Https value) {
        return new ServerOptions(port, hostname, backlog, value, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with listeners run on Netty's event loop, or on handler threads.
     *
     * @param value true for the event loop (only for listeners that never block), false for handler threads
     * @return these options with {@code eventLoopHandlers} set to {@code value}
     */
    public ServerOptions eventLoopHandlers(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, value, gracePeriod, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with another time allowed to stop.
     *
     * @param value how long {@code stop} may take
     * @return these options with {@code gracePeriod} set to {@code value}
     */
    public ServerOptions gracePeriod(Duration value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, value, limits, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with or without a stop when the JVM shuts down.
     *
     * @param value true to stop gracefully when the JVM shuts down, false to leave it to the application
     * @return these options with {@code shutdownHook} set to {@code value}
     */
    public ServerOptions shutdownHook(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, value, development, http2, drain, cluster);
    }

    /**
     * These options with other limits on what clients send.
     *
     * @param value what a client may send, and how slowly
     * @return these options with {@code limits} set to {@code value}
     */
    public ServerOptions limits(Limits value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, value, shutdownHook, development, http2, drain, cluster);
    }

    /**
     * These options with development mode on or off, whatever {@code SIMPLES_ENV} says.
     *
     * @param value true for development mode, false for production
     * @return these options with {@code development} set to {@code value}
     */
    public ServerOptions development(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, value, http2, drain, cluster);
    }

    /**
     * These options with another way of speaking HTTP/2.
     *
     * @param value cleartext h2c on or off, and the limits of an HTTP/2 connection
     * @return these options with {@code http2} set to {@code value}
     */
    public ServerOptions http2(Http2Options value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, value, drain, cluster);
    }

    /**
     * These options with another drain before a stop.
     *
     * @param value how long {@code stop} answers readiness with 503 before it stops accepting (0 for none)
     * @return these options with {@code drain} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public ServerOptions drain(Duration value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, value, cluster);
    }

    /**
     * These options with a cluster to join before the port is bound.
     *
     * @param value the cluster, or {@code null} for none
     * @return these options with {@code cluster} set to {@code value}
     */
    public ServerOptions cluster(Cluster value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development, http2, drain, value);
    }
}
