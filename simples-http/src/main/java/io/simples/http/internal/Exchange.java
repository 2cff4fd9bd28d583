package io.simples.http.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.simples.core.internal.LogContext;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SessionRegistry;
import io.simples.http.CompressionOptions;
import io.simples.http.HTTPConnection;
import io.simples.http.HTTPHost;
import io.simples.http.Limits;
import io.simples.http.Middleware;
import io.simples.http.Router;
import io.simples.http.RouterOptions;
import io.simples.http.SessionOptions;
import io.simples.http.TimeoutOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One request and everything the framework knows of it while it is answered: the request and
 * its head, the transport under it, the router chosen (once) and the route's parameters, the
 * response, the session hold. {@link HTTPConnection} is the public face of an exchange.
 *
 * <p>{@link #run()} is its work on a handler thread: pick the host and router, apply the
 * router's options, run the middlewares, find the route and run it. The response ends when
 * something ends it, not when the listener returns: a listener may hand its connection to
 * another thread and end it there. The session is let go of and the access log written once the
 * response has ended; a response left open when its connection closes is abandoned, and in
 * development mode one still open {@link #FORGOTTEN} after its listener returned is reported.
 */
public final class Exchange implements Runnable {

    /** The methods a router can route; another one gets 501 unless an {@code all} route takes it. */
    static final Set<String> ROUTABLE = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")));

    /** How long a response may stay open after its listener returned before development mode says so. */
    static final java.time.Duration FORGOTTEN = java.time.Duration.ofSeconds(2);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Exchange.class);

    private final Application application;
    private final RequestHead head;
    private final FullHttpRequest request;
    private final Transport transport;
    private final Limits limits;
    private final Response response;
    private final HTTPConnection connection;
    private volatile Router router;
    private volatile Map<String, String> params = Map.of();
    private volatile Route route;
    private volatile SessionOptions sessionOptions;
    private volatile boolean upgraded;
    private volatile boolean openEnded; // an event stream: open until something ends it, on purpose
    private volatile boolean staticFile; // answered by the static files: counted under one name
    private volatile Throwable failure; // what a listener threw, for the metrics
    private final int bodySize; // as it came, before a listener reads it

    public Exchange(Application application, RequestHead head, FullHttpRequest request, Transport transport, Limits limits) {
        this.application = application;
        this.head = head;
        this.request = request;
        this.transport = transport;
        this.limits = limits;
        this.bodySize = request.content().readableBytes();
        this.response = new Response(transport, "HEAD".equals(request.method().name()), head.id());
        this.connection = application.connection(this);
    }

    @Override
    public void run() {
        LogContext.Replaced replaced = LogContext.enter(head);
        boolean waitsForTheStore = false;
        try {
            waitsForTheStore = start();
        } catch (Throwable failure) {
            Errors.fail(this, failure);
        } finally {
            if (!waitsForTheStore) {
                afterListener();
            }
            LogContext.leave(replaced);
        }
    }

    /**
     * Everything up to the listener, and the listener when nothing needs to wait: true when the
     * rest waits for the session store, on an event loop that must not wait ({@link #resume}).
     */
    private boolean start() throws Exception {
        if (application.development()) {
            application.showRoutesOnce(); // by the first request, the application has made its routes
        }
        HTTPHost host = application.host(connection);
        router = host; // until a router under it is chosen
        if (connection.url().equals("*")) { // OPTIONS * (RFC 9110 §9.3.7): what the server takes
            response.status(204).header("Allow", String.join(", ", ROUTABLE)).end();
            return false;
        }
        String path = PathPattern.normalize(connection.path());
        Router chain = application.routerFor(host, path);
        router = chain; // its middlewares run first, and their errors go to its listeners
        RouteTable.Match match = application.routes(host).find(connection.method(), path);
        // the options of the router that answers, applied once, before any middleware may answer
        RouterOptions options = (match != null ? match.route().router() : chain).options();
        applyTimeout(options.timeout());
        applyCompression(options.compression());
        String origin = head.header(HttpHeaderNames.ORIGIN); // CORS is for requests that name where they come from
        if (origin != null && Cors.apply(this, chain.options().cors(), origin)) {
            return false; // a preflight, answered
        }
        List<Middleware> middlewares = application.middlewares(chain);
        Middleware.Next rest = () -> proceed(middlewares, 0, () -> route(chain, host, path, match));
        SessionOptions sessions = chain.options().session(); // the middlewares may need it
        if (!sessions.enabled().test(connection)) {
            rest.run();
            return false;
        }
        SessionWiring wiring = application.sessions();
        CompletableFuture<SessionRegistry.Hold> loading = wiring.load(this, sessions);
        if (loading.isDone() || !transport.onIoThread()) { // a handler thread may wait for the store
            wiring.attach(this, wiring.await(loading, sessions), sessions);
            rest.run();
            return false;
        }
        // an event loop never waits: the exchange goes on there when the store answers (the
        // connection reads nothing meanwhile, so its requests stay in order)
        wiring.bound(loading, sessions).whenComplete((hold, failure) -> transport.onIoThread(() -> resume(rest, hold, failure, sessions)));
        return true;
    }

    /** The rest of {@link #start}, on the event loop, once the store answered (or failed to). */
    private void resume(Middleware.Next rest, SessionRegistry.Hold hold, Throwable failure, SessionOptions sessions) {
        LogContext.Replaced replaced = LogContext.enter(head);
        try {
            if (failure != null) {
                throw SessionWiring.storeFailed(failure);
            }
            application.sessions().attach(this, hold, sessions);
            rest.run();
        } catch (Throwable failed) {
            Errors.fail(this, failed);
        } finally {
            afterListener();
            LogContext.leave(replaced);
        }
    }

    /** Once the listener returned: finish now when the response has ended, later when it ends. */
    private void afterListener() {
        if (response.ended()) {
            finish();
        } else {
            outliveListener();
        }
    }

    /**
     * What follows the end of the response: the session let go of, the access log written (not
     * for a WebSocket's handshake: the WebSocket writes its own line when it closes).
     */
    private void finish() {
        application.sessions().release(this);
        if (!upgraded) { // a WebSocket counts and logs itself
            Metrics metrics = application.metrics();
            if (metrics != Metrics.NONE) {
                metrics.exchange(ROUTABLE.contains(connection.method()) ? connection.method() : "UNKNOWN", metricsUri(),
                        response.status(), failure, connection.version(), System.nanoTime() - head.startNanos(),
                        bodySize, response.bytes());
            }
            logAccess();
        }
    }

    /** What the metrics count this exchange under: never its path, so that their number stays bounded. */
    private String metricsUri() {
        String template = routeTemplate();
        if (template != null) {
            return template;
        }
        int status = response.status();
        return staticFile ? "STATIC" : status == 404 ? "NOT_FOUND" : status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
    }

    /** The listener returned leaving its response open: finish when something ends it, abandon it if the connection closes first. */
    private void outliveListener() {
        Runnable cancel = transport.onClose(response::abandon);
        response.whenEnded(() -> {
            cancel.run();
            LogContext.Replaced replaced = LogContext.enter(head); // on the thread that ended it
            try {
                finish();
            } finally {
                LogContext.leave(replaced);
            }
        });
        if (application.development()) {
            java.util.concurrent.CompletableFuture.delayedExecutor(FORGOTTEN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(this::warnIfStillOpen);
        }
    }

    private void warnIfStillOpen() {
        if (response.ended() || openEnded) {
            return;
        }
        Route answering = route;
        String where = answering == null ? "no route was reached (a middleware neither answered nor called next)"
                : "the listener of route " + (RouteTable.ALL.equals(answering.method()) ? "all" : answering.method())
                        + " " + answering.pattern().location() + " returned";
        LOG.warn("{} {}: {} {} s ago and nothing has ended its response; the client waits until end(), send(), drain()"
                + " or render() is called on its connection (a response ends when it is ended, not when its listener returns)",
                connection.method(), connection.path(), where, FORGOTTEN.toSeconds());
    }

    /**
     * Runs the middlewares from {@code index} on, in order, then {@code last} (the route). Each
     * step's {@link Middleware.Next} runs the rest once; a middleware that returns having neither
     * called it nor answered the connection is a bug, reported with its name.
     */
    private void proceed(List<Middleware> middlewares, int index, Middleware.Next last) throws Exception {
        if (index == middlewares.size()) {
            last.run();
            return;
        }
        Middleware middleware = middlewares.get(index);
        boolean[] called = {false};
        middleware.handle(connection, () -> {
            if (called[0]) {
                throw new IllegalStateException("middleware " + middleware + " called next.run() twice");
            }
            called[0] = true;
            proceed(middlewares, index + 1, last);
        });
        if (!called[0] && !response.ended()) {
            throw new IllegalStateException("middleware " + middleware + " neither called next.run() nor"
                    + " ended the connection: call next.run() to go on, or answer (end, send, error) to stop");
        }
    }

    private void route(Router chain, HTTPHost host, String path, RouteTable.Match match) throws Exception {
        if (StaticFiles.serve(this, chain)) {
            staticFile = true;
            return;
        }
        if (match == null && !ROUTABLE.contains(connection.method())) {
            Errors.answer(this, 501, null); // RFC 9110 §9.1: a method no route knows
            return;
        }
        if (match == null) {
            Set<String> allowed = application.routes(host).allowed(path);
            if (!allowed.isEmpty()) {
                Errors.methodNotAllowed(this, allowed);
                return;
            }
            if (StaticFiles.serveFallback(this, chain)) {
                staticFile = true;
                return; // a single-page application's page: its script reads the path
            }
            boolean shown = application.development() && Development.local(this);
            Errors.answer(this, 404, shown ? Development.notFound(connection.method(), path, application.routes(host)) : null);
            return;
        }
        route = match.route();
        router = route.router();
        params = match.params();
        match.route().listener().handle(connection);
    }

    private void applyCompression(CompressionOptions compression) {
        if (compression.enabled().test(connection)) {
            response.compression(compression, head.header(HttpHeaderNames.ACCEPT_ENCODING));
        }
    }

    private void applyTimeout(TimeoutOptions timeout) {
        if (timeout.enabled().test(connection)) {
            transport.idleTimeout(timeout.value());
        }
    }

    private void logAccess() {
        if (router == null) {
            return; // the host could not be chosen: nothing says how to log
        }
        var logger = router.options().logger();
        if (logger.enabled().test(connection)) {
            connection.log(logger);
        } else if (application.development()) {
            connection.log(); // development mode logs every request
        }
    }

    // --- the exchange's state, for the connection and the framework ---

    /** A listener threw {@code thrown}: the metrics name it. */
    void failed(Throwable thrown) {
        failure = thrown;
    }

    public RequestHead head() {
        return head;
    }

    public FullHttpRequest request() {
        return request;
    }

    public Transport transport() {
        return transport;
    }

    public Application application() {
        return application;
    }

    public Limits limits() {
        return limits;
    }

    public Response response() {
        return response;
    }

    HTTPConnection connection() {
        return connection;
    }

    /**
     * The router whose options and error listeners apply: the route's, or the deepest one holding
     * the path, or the host until one is chosen; null only before the host is chosen.
     */
    public Router router() {
        return router;
    }

    public Map<String, String> params() {
        return params;
    }

    /** The location of the route that answered ({@code /users/:id}), or null when none did (a 404, a file, a middleware's answer). */
    public String routeTemplate() {
        Route answering = route;
        return answering == null ? null : answering.pattern().location();
    }

    SessionOptions sessionOptions() {
        return sessionOptions;
    }

    /** Gives the exchange its session (the session wiring calls it). */
    void session(SessionRegistry.Hold hold, SessionOptions options) {
        sessionOptions = options;
        head.hold(hold);
    }

    boolean upgraded() {
        return upgraded;
    }

    /** The response stays open until something ends it (an event stream): development mode does not report it as forgotten. */
    public void openEnded() {
        openEnded = true;
    }

    /** Hands the connection to {@code takeover} (a WebSocket handshake) on its I/O thread; the response ends here. */
    void upgrade(java.util.function.Consumer<RequestHead> takeover) {
        response.detach();
        upgraded = true;
        transport.upgrade(() -> takeover.accept(head));
    }
}
