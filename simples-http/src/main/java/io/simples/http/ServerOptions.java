package io.simples.http;

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
 */
public record ServerOptions(int port, String hostname, int backlog, Https https, boolean eventLoopHandlers,
                            Duration gracePeriod, Limits limits, boolean shutdownHook, boolean development) {

    private static final ServerOptions DEFAULTS = new ServerOptions(-1, null, 511, null, false, Duration.ofSeconds(10),
            Limits.defaults(), true, "development".equalsIgnoreCase(System.getenv("SIMPLES_ENV")));

    public ServerOptions {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535 (or -1 for the default), got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Port 80 (443 with TLS), every interface, backlog 511, plain HTTP, handler threads, 10 s to
     * stop, a shutdown hook; development mode only when {@code SIMPLES_ENV=development}.
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** The port to bind: the one set, or the protocol's default. */
    int portToBind() {
        return port >= 0 ? port : https != null ? 443 : 80;
    }

    public ServerOptions port(int value) {
        return new ServerOptions(value, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development);
    }

    public ServerOptions hostname(String value) {
        return new ServerOptions(port, value, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development);
    }

    public ServerOptions backlog(int value) {
        return new ServerOptions(port, hostname, value, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, development);
    }

    public ServerOptions https(Https value) {
        return new ServerOptions(port, hostname, backlog, value, eventLoopHandlers, gracePeriod, limits, shutdownHook, development);
    }

    public ServerOptions eventLoopHandlers(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, value, gracePeriod, limits, shutdownHook, development);
    }

    public ServerOptions gracePeriod(Duration value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, value, limits, shutdownHook, development);
    }

    public ServerOptions shutdownHook(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, value, development);
    }

    public ServerOptions limits(Limits value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, value, shutdownHook, development);
    }

    public ServerOptions development(boolean value) {
        return new ServerOptions(port, hostname, backlog, https, eventLoopHandlers, gracePeriod, limits, shutdownHook, value);
    }
}
