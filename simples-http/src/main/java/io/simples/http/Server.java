package io.simples.http;

import io.simples.core.Cluster;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.http.internal.Development;
import io.simples.http.internal.InProcess;
import io.simples.http.internal.http1.ListeningPort;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * An HTTP(S) server: a listening port, its virtual hosts and its mirrors. The server is also the
 * main host: every {@link Router} method works on it directly.
 *
 * <pre>{@code
 * Server server = Simples.server(8080);
 * server.get("/", connection -> connection.end("Hello"));
 * }</pre>
 *
 * <p><b>Threads.</b> Netty's event-loop threads (one per core, shared by every server of the
 * process) only read and write. Listeners and middlewares run on a new virtual thread per
 * request on Java 21+, or on a pool of 200 threads on Java 17, so a listener may block (JDBC,
 * {@code Thread.sleep}) without stalling other connections; {@code ServerOptions.eventLoopHandlers}
 * runs them on the event loop instead, for listeners that never block. Requests on one
 * connection are answered one at a time, in order.
 *
 * <p><b>Lifecycle.</b> {@link Simples#server} returns a started server; {@link #stop()} stops
 * accepting, lets requests in flight finish within the grace period, then releases the port;
 * {@link #start(int)} starts again, or moves a started server to another port. Mirrors start and
 * stop on their own.
 *
 * <p>What runs on which thread, for the whole framework: the "Threads" section of
 * {@code docs/ARCHITECTURE.md} in the source repository.
 */
public final class Server extends HTTPHost {

    static {
        InProcess.install(new InProcess.Access() {
            @Override
            public Server server(ServerOptions options) {
                return new Server(Objects.requireNonNull(options, "options"));
            }

            @Override
            public void startInProcess(Server server) {
                server.startInProcess();
            }

            @Override
            public boolean inProcess(Server server) {
                return server.endpoint.inProcess() != null;
            }

            @Override
            public java.net.SocketAddress address(Server server) {
                java.net.SocketAddress to = server.endpoint.inProcess();
                if (to == null) {
                    if (!server.started()) {
                        throw new IllegalStateException(server + " is not started: start it, then ask for a client");
                    }
                    to = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port());
                }
                return to;
            }
        });
    }

    private final ListeningPort<Server> endpoint;
    private final ServerApplication application;
    private final List<Mirror> mirrors = new CopyOnWriteArrayList<>();
    private final ClusterMember member;

    Server(ServerOptions options) {
        super("", null);
        Executor handlers = options.eventLoopHandlers() ? Handoff.INLINE : Handoff.handlers();
        this.application = new ServerApplication(this, handlers);
        this.endpoint = new ListeningPort<>(this, application, options, Https.context(options.https(), options.http2().tls()), "simples-server");
        // the server's error event is the main host's: failures outside a request come with no connection
        endpoint.onError(failure -> reportError(null, failure));
        this.member = new ClusterMember(application.sessions().registry(), handlers, failure -> reportError(null, failure));
        if (options.cluster() != null) {
            member.use(options.cluster());
        }
        endpoint.onStart(started -> member.join()); // again after a move to another port (its stop left)
        endpoint.onStop(stopped -> member.leave()); // after the last saves of the stop, which others must hear of
    }

    /**
     * Makes this server one of {@code cluster}'s (see {@link Cluster}): its WebSocket broadcasts,
     * channels and session events reach the other servers of the cluster, and theirs reach it.
     * Give every server the same store too ({@code RedisStore}): the cluster tells of changes, the
     * store holds them. Takes effect at once, or when the server starts.
     *
     * @param cluster the cluster to join
     * @return this server, for chaining
     */
    public Server cluster(Cluster cluster) {
        member.use(Objects.requireNonNull(cluster, "cluster"));
        return this;
    }

    /**
     * Starts on the port of the options (80 or 443 unless set).
     *
     * @return this server, for chaining
     * @throws java.io.UncheckedIOException when the port cannot be bound (told to the {@link #onError} listeners too)
     */
    public Server start() {
        return start(endpoint.options().portToBind());
    }

    /**
     * Starts on {@code port} (0: an ephemeral one), or moves there when started on another; nothing
     * happens when started on it already.
     *
     * @param port the port to listen on, 0 for an ephemeral one (then see {@link #port()})
     * @return this server, for chaining
     * @throws java.io.UncheckedIOException when the port cannot be bound (told to the {@link #onError} listeners too)
     */
    public Server start(int port) {
        member.join(); // before the port is bound: no client connects before this server hears its cluster
        try {
            endpoint.start(port);
        } catch (RuntimeException e) {
            if (!endpoint.started()) {
                member.leave();
            }
            throw e;
        }
        if (serverOptions().development()) {
            // printed, not logged: the one mode a developer must never miss, with or without a logging
            // backend; the route table follows at the first request, when the routes are made
            System.err.println(Development.warning(port()));
        }
        return this;
    }

    /** Starts in this process only, without a port (the test kit's listener), or moves there from a port. */
    private void startInProcess() {
        member.join();
        try {
            endpoint.startInProcess();
        } catch (RuntimeException e) {
            if (!endpoint.started()) {
                member.leave();
            }
            throw e;
        }
    }

    /**
     * Starts on {@code port}, then calls {@code callback}.
     *
     * @param port the port to listen on, 0 for an ephemeral one
     * @param callback gets this server once it listens
     * @return this server, for chaining
     * @throws java.io.UncheckedIOException when the port cannot be bound (told to the {@link #onError} listeners too)
     */
    public Server start(int port, Consumer<Server> callback) {
        start(port);
        callback.accept(this);
        return this;
    }

    /**
     * Stops gracefully (see the class comment); returns when the port is released. Nothing happens
     * when the server is stopped already.
     *
     * @return this server, for chaining
     */
    public Server stop() {
        endpoint.stop();
        return this;
    }

    /**
     * Stops, then calls {@code callback}.
     *
     * @param callback gets this server once the port is released
     * @return this server, for chaining
     */
    public Server stop(Consumer<Server> callback) {
        stop();
        callback.accept(this);
        return this;
    }

    /**
     * The port listened on, or -1 when stopped or started in process (by the test kit, {@code simples-test}).
     *
     * @return the port, the one bound when started on 0
     */
    public int port() {
        return endpoint.port();
    }

    /**
     * How many connections this server's port closed as soon as it accepted them, because it
     * held {@link Limits#connections()} already (mirrors count their own).
     *
     * @return the number of connections refused
     */
    public long refusedConnections() {
        return endpoint.refusedConnections();
    }

    /**
     * Tells whether the server listens.
     *
     * @return true between start and stop
     */
    public boolean started() {
        return endpoint.started();
    }

    /**
     * The options the server was made with.
     *
     * @return the server's options
     */
    public ServerOptions serverOptions() {
        return endpoint.options();
    }

    /**
     * The virtual host {@code name} ({@code *} matches one or more characters, as in
     * {@code *.example.com}), made on first use; requests whose {@code Host} matches no host go to
     * this server, the main host.
     *
     * @param name the host name, such as {@code "example.com"} or {@code "*.example.com"}
     * @return the virtual host, the same one for the same name
     * @throws IllegalArgumentException when {@code name} is not a host name, with the reason
     */
    public HTTPHost host(String name) {
        return application.host(name);
    }

    /**
     * A started mirror on {@code port}: another listener serving this server's hosts and routes,
     * with this server's options but without TLS.
     *
     * @param port the mirror's port, 0 for an ephemeral one
     * @return the mirror, started
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public Mirror mirror(int port) {
        return mirror(port, endpoint.options().https(null), mirror -> { });
    }

    /**
     * A mirror on {@code port} with its own options (TLS, say), started, then {@code callback} called.
     *
     * @param port the mirror's port, 0 for an ephemeral one
     * @param options the mirror's options
     * @param callback gets the mirror once it listens
     * @return the mirror, started
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public Mirror mirror(int port, ServerOptions options, Consumer<Mirror> callback) {
        Mirror mirror = new Mirror(this, options);
        mirrors.add(mirror);
        mirror.start(port);
        callback.accept(mirror);
        return mirror;
    }

    /**
     * The mirrors made so far.
     *
     * @return the mirrors, started or stopped, in the order made; a copy
     */
    public List<Mirror> mirrors() {
        return List.copyOf(mirrors);
    }

    /**
     * Calls {@code callback} each time the server starts.
     *
     * @param callback gets this server once it listens
     * @return this server, for chaining
     */
    public Server onStart(Consumer<Server> callback) {
        endpoint.onStart(callback);
        return this;
    }

    /**
     * Calls {@code callback} each time the server stops.
     *
     * @param callback gets this server once the port is released
     * @return this server, for chaining
     */
    public Server onStop(Consumer<Server> callback) {
        endpoint.onStop(callback);
        return this;
    }

    /**
     * Answers health probes under {@code location}: liveness at {@code location/live} (200 while
     * the process answers) and readiness at {@code location} and {@code location/ready}: 200 when
     * the server listens and is not stopping, every session store its routers name answers a ping
     * ({@code PING} for Redis) within 2 s, and its cluster, if any, is joined and connected; 503
     * otherwise. The body is JSON, a status and one entry per check:
     * {@code {"status":"UP","checks":{"server":{"status":"UP"},"store":{"status":"UP","type":"RedisStore","ms":1}}}}.
     * A stop answers 503 from its first moment, through {@link ServerOptions#drain} while it still
     * serves. The probes get no session.
     *
     * @param location where the endpoints go, such as {@code "/health"}
     * @return this server, for chaining
     */
    public Server health(String location) {
        return health(location, Duration.ofSeconds(2));
    }

    /**
     * {@link #health(String)} with another time each check may take.
     *
     * @param location where the endpoints go
     * @param timeout how long a store's ping may take before readiness says it is down
     * @return this server, for chaining
     */
    public Server health(String location, Duration timeout) {
        Health health = new Health(this, Objects.requireNonNull(timeout, "timeout"));
        Router probes = router(location);
        probes.session(SessionOptions.defaults().enabled(false)); // a probe every few seconds must not make sessions
        probes.get("/", health::ready);
        probes.get("/ready", health::ready);
        probes.get("/live", health::live);
        return this;
    }

    /**
     * Turns metrics on: this server's requests, connections, WebSockets, session stores and
     * cluster bus are measured on {@code registry} (Micrometer, which the application adds; without
     * this call nothing of it is loaded). The names follow Micrometer's HTTP server conventions:
     * {@code http.server.requests} is a timer tagged {@code method}, {@code uri} (the route's
     * location, {@code /users/:id}, never the path: {@code NOT_FOUND}, {@code REDIRECTION},
     * {@code STATIC} or {@code UNKNOWN} when no route answered), {@code status}, {@code outcome},
     * {@code exception} and {@code protocol}. The others: {@code http.server.requests.active},
     * {@code http.server.requests.body} (bytes, {@code direction} in or out),
     * {@code simples.connections.open} and {@code .refused} (tagged {@code listener}),
     * {@code simples.websocket.connections}, {@code .messages}, {@code .bytes}, {@code .closes}
     * and {@code .broadcasts} (a summary of the connections each reached; all tagged
     * {@code endpoint}, the WebSocket's location), {@code simples.http.rejected} (requests refused
     * before routing, by {@code status}, counted for the whole process), {@code simples.session.store} (a timer
     * tagged {@code store}, {@code operation} and {@code outcome}), and with a cluster
     * {@code simples.cluster.messages} ({@code event} published, received, malformed, dropped) and
     * {@code simples.cluster.servers}. Every tag comes from a bounded set: hostile paths make no meter.
     *
     * @param registry where the meters go
     * @return this server, for chaining
     */
    public Server metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.simples.http.internal.MicrometerMetrics metrics = new io.simples.http.internal.MicrometerMetrics(
                Objects.requireNonNull(registry, "registry"));
        metrics.bind(member);
        endpoint.bindMetrics(registry, "server");
        application.metrics(metrics);
        return this;
    }

    /** True from the first moment of a stop (its drain included) until the next start. */
    boolean stopping() {
        return endpoint.stopping();
    }

    /** This server in its cluster: what its WebSocket hosts publish through. */
    ClusterMember member() {
        return member;
    }

    /** What the request path of this server's listening ports (its own and its mirrors') needs of it. */
    ServerApplication application() {
        return application;
    }

    @Override
    public String toString() {
        return "Server[" + (!started() ? "stopped" : endpoint.inProcess() != null ? "in process" : "port " + port()) + "]";
    }
}
