package io.simples.http;

import io.simples.core.LoggerOptions;
import io.simples.http.internal.ClientScript;
import io.simples.http.internal.PathPattern;
import io.simples.http.internal.Route;
import io.simples.http.internal.RouteTable;
import io.simples.http.internal.WebSocketRoute;
import io.simples.ws.WSHost;
import io.simples.ws.WSListener;
import io.simples.ws.WSOptions;
import io.simples.ws.internal.WebSocketAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Routes requests under one location to listeners: the table of contents of an application.
 *
 * <p>{@code get post put patch delete all} add routes at locations relative to this router
 * (a leading {@code /} is optional; a trailing one is ignored): fixed ({@code users/admin}),
 * with parameters ({@code users/:id}, one path segment each) or wildcards ({@code files/*},
 * any characters, slashes included). Fixed routes win over dynamic ones, method routes over
 * {@code all}; dynamic routes are tried in the order added. {@code HEAD} is answered by
 * {@code GET} routes without a body; a path that has routes only under other methods gets a 405
 * with {@code Allow}. A location takes one route per method: a second one at the same location,
 * or at one of the same shape ({@code users/:id} then {@code users/:name}), is refused with an
 * {@link IllegalStateException} when it is added.
 *
 * <p>{@link #router(String)} nests a router at a location under this one. Middlewares
 * ({@link #use}) of a router and its parents run, parents first, before any request under its
 * location is routed. Options ({@link #logger}, {@link #timeout}, … or all at once with
 * {@link #config}) are inherited by child routers unless they set their own. Error listeners
 * ({@link #error}) are found the same way, with defaults for every code.
 *
 * <p>Routes and options may be added while the server runs; a request sees what was added
 * before it arrived. {@code Server} is the main host, an {@link HTTPHost} is a router: every
 * method here works on them directly.
 */
public class Router {

    private final Router parent;
    private final String prefix;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final Map<Integer, HTTPListener> errors = new ConcurrentHashMap<>();
    private final List<Router> children = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<HTTPConnection, Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    /** Bumped by every option change anywhere, so that cached effective options know they are stale. */
    private static final java.util.concurrent.atomic.AtomicLong CONFIGURATION = new java.util.concurrent.atomic.AtomicLong();
    private volatile RouterOptions own = RouterOptions.inherit();
    private volatile Effective effective = new Effective(-1, null);

    /** The options in effect, and the configuration version they were computed at. */
    private record Effective(long version, RouterOptions options) {
    }
    private volatile TemplateEngine engine;

    Router(Router parent, String prefix) {
        this.parent = parent;
        this.prefix = prefix;
    }

    // --- routes ---

    /**
     * Adds a GET route (which also answers HEAD, without the body).
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router get(String location, HTTPListener listener) {
        return route("GET", location, listener);
    }

    /**
     * Adds a POST route.
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router post(String location, HTTPListener listener) {
        return route("POST", location, listener);
    }

    /**
     * Adds a PUT route.
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router put(String location, HTTPListener listener) {
        return route("PUT", location, listener);
    }

    /**
     * Adds a PATCH route.
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router patch(String location, HTTPListener listener) {
        return route("PATCH", location, listener);
    }

    /**
     * Adds a DELETE route.
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router delete(String location, HTTPListener listener) {
        return route("DELETE", location, listener);
    }

    /**
     * Adds a route for every method; method routes of the same location win over it.
     *
     * @param location where the route answers, relative to this router: fixed, with {@code :name}
     *                 parameters or with a {@code *} wildcard
     * @param listener what answers the requests the route takes
     * @return this router, for chaining
     */
    public Router all(String location, HTTPListener listener) {
        return route(RouteTable.ALL, location, listener);
    }

    /**
     * A listener that renders {@code view} with this router's template engine, for a route:
     * {@code router.get("about", router.view("about"))}.
     *
     * @param view the name of the template, as the engine finds it
     * @return a listener that renders {@code view}, with no imports but the connection
     * @throws IllegalStateException when no engine is set on this router or a parent
     */
    public HTTPListener view(String view) {
        return view(view, connection -> Map.of());
    }

    /**
     * A listener that renders {@code view} with the imports {@code importer} makes of the connection.
     *
     * @param view the name of the template, as the engine finds it
     * @param importer makes the template's imports from each connection
     * @return a listener that renders {@code view} with those imports
     * @throws IllegalStateException when no engine is set on this router or a parent
     */
    public HTTPListener view(String view, Function<HTTPConnection, Map<String, Object>> importer) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(importer, "importer");
        if (engine() == null) {
            throw new IllegalStateException("view route \"" + view + "\" needs a template engine:"
                    + " call engine(...) on this router, its host or the server first");
        }
        return connection -> connection.render(view, importer.apply(connection));
    }

    /**
     * A WebSocket endpoint at {@code location}: upgrade requests go through this router's
     * middlewares, then to the returned host, whose {@code listener} gets each new connection.
     *
     * @param location where the endpoint answers, relative to this router
     * @param options the options of the endpoint's connections
     * @param listener what runs for each new WebSocket connection
     * @return the endpoint, with its connections and channels
     */
    public WSHost ws(String location, WSOptions options, WSListener listener) {
        Objects.requireNonNull(location, "location");
        WSHost endpoint = new WSHost(PathPattern.join(prefix, location), options, listener);
        HTTPHost host = host();
        WebSocketAccess.join(endpoint, host.server().member(), host.name() + " " + endpoint.location());
        WebSocketRoute route = new WebSocketRoute(endpoint);
        get(location, connection -> route.handle(connection.exchange()));
        return endpoint;
    }

    /**
     * A WebSocket endpoint at {@code location} with the default options (see
     * {@link #ws(String, WSOptions, WSListener)}).
     *
     * @param location where the endpoint answers, relative to this router
     * @param listener what runs for each new WebSocket connection
     * @return the endpoint, with its connections and channels
     */
    public WSHost ws(String location, WSListener listener) {
        return ws(location, WSOptions.defaults(), listener);
    }

    /**
     * A Server-Sent Events route at {@code location}: a GET there goes through this router's
     * middlewares, then {@code listener} gets its {@link EventStream}, which stays open until
     * either side ends it; the returned host broadcasts to the route's streams (see
     * {@link EventHost}). A HEAD gets the head of a stream, without one.
     *
     * @param location where the route answers, relative to this router
     * @param listener what runs for each new stream
     * @return the route's host, with its streams
     */
    public EventHost events(String location, EventListener listener) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(listener, "listener");
        EventHost events = new EventHost(PathPattern.join(prefix, location), listener);
        HTTPHost host = host();
        events.join(host.server().member(), "events " + host.name() + " " + events.location());
        get(location, events::open);
        return events;
    }

    /**
     * Serves {@code simples.js}, the browser side of simpleS, at {@code location} (say
     * {@code "/simples.js"}): {@code simples.ws(path, {advanced})} is a WebSocket in plain or
     * advanced mode that reconnects by itself (see the README). With an ETag, revalidated by the
     * browser on each use. Not served unless asked for.
     *
     * @param location where the script is served, relative to this router
     * @return this router, for chaining
     */
    public Router clientScript(String location) {
        return get(location, ClientScript.INSTANCE);
    }

    /**
     * A router at {@code location} under this one, inheriting its options. Asking twice for the
     * same location gives the same router.
     *
     * @param location where the router is, relative to this one; fixed (no parameter, no wildcard)
     * @return the router at {@code location}
     * @throws IllegalArgumentException when {@code location} has a parameter or a wildcard
     */
    public Router router(String location) {
        String child = PathPattern.join(prefix, location);
        if (child.indexOf(':') >= 0 || child.indexOf('*') >= 0) {
            throw new IllegalArgumentException("a router location is fixed: \"" + location
                    + "\" has a parameter or a wildcard; put those in its routes");
        }
        for (Router existing : children) {
            if (existing.prefix.equals(child)) {
                return existing;
            }
        }
        Router router = new Router(this, child);
        children.add(router);
        return router;
    }

    /**
     * Adds a middleware; adding the same one twice keeps the first.
     *
     * @param middleware the step to run before routing requests under this router
     * @return this router, for chaining
     */
    public Router use(Middleware middleware) {
        Objects.requireNonNull(middleware, "middleware");
        synchronized (middlewares) {
            if (!middlewares.contains(middleware)) {
                middlewares.add(middleware);
            }
        }
        return this;
    }

    /**
     * Sets the listener for error {@code code} (400 to 599) under this router. The failure behind a
     * 500, if any, is in {@code connection.data().get("error")}.
     *
     * @param code the error's status code, 400 to 599
     * @param listener what answers the error
     * @return this router, for chaining
     * @throws IllegalArgumentException when {@code code} is not 400 to 599
     */
    public Router error(int code, HTTPListener listener) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("error codes are 400 to 599, got " + code);
        }
        errors.put(code, Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** This router and every router under it, depth first. */
    List<Router> withDescendants() {
        List<Router> all = new java.util.ArrayList<>();
        all.add(this);
        for (Router child : children) {
            all.addAll(child.withDescendants());
        }
        return all;
    }

    /**
     * Listens for failures of listeners under this router (and its children). On the server,
     * failures outside any request (a port that cannot be bound) come too, with a {@code null}
     * connection.
     *
     * @param listener gets the connection (or {@code null}) and the failure
     * @return this router, for chaining
     */
    public Router onError(BiConsumer<HTTPConnection, Throwable> listener) {
        errorListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Sets the template engine of this router and its children that do not set their own.
     *
     * @param engine renders the views of {@link HTTPConnection#render} and {@link #view(String)}
     * @return this router, for chaining
     */
    public Router engine(TemplateEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        return this;
    }

    // --- options ---

    /**
     * Sets any of the options at once; {@code null} fields leave an option as it is.
     *
     * @param options the options to set, {@code null} for those to leave
     * @return this router, for chaining
     */
    public Router config(RouterOptions options) {
        own = options.over(own);
        CONFIGURATION.incrementAndGet();
        return this;
    }

    /**
     * Sets the {@code compression} option of this router and of its children that do not set their own.
     *
     * @param options which responses are compressed
     * @return this router, for chaining
     */
    public Router compression(CompressionOptions options) {
        return config(RouterOptions.inherit().compression(options));
    }

    /**
     * Sets the {@code cors} option of this router and of its children that do not set their own.
     *
     * @param options which other origins may call this router from a browser
     * @return this router, for chaining
     */
    public Router cors(CorsOptions options) {
        return config(RouterOptions.inherit().cors(options));
    }

    /**
     * Sets the {@code logger} option of this router and of its children that do not set their own.
     *
     * @param options how requests are logged
     * @return this router, for chaining
     */
    public Router logger(LoggerOptions options) {
        return config(RouterOptions.inherit().logger(options));
    }

    /**
     * Sets the {@code session} option of this router and of its children that do not set their own.
     *
     * @param options which connections get a session, and how it is kept
     * @return this router, for chaining
     */
    public Router session(SessionOptions options) {
        return config(RouterOptions.inherit().session(options));
    }

    /**
     * Sets the {@code staticFiles} option of this router and of its children that do not set their own.
     *
     * @param options which files are served from a folder
     * @return this router, for chaining
     */
    public Router staticFiles(StaticOptions options) {
        return config(RouterOptions.inherit().staticFiles(options));
    }

    /**
     * Sets the {@code timeout} option of this router and of its children that do not set their own.
     *
     * @param options when silent connections are closed
     * @return this router, for chaining
     */
    public Router timeout(TimeoutOptions options) {
        return config(RouterOptions.inherit().timeout(options));
    }

    /**
     * This router's options in effect: its own over its parents'.
     *
     * @return the options in effect, none of them {@code null}
     */
    public RouterOptions options() {
        long version = CONFIGURATION.get();
        Effective cached = effective;
        if (cached.version() != version) { // computed once per configuration change, not per request
            cached = new Effective(version, own.over(parent == null ? RouterOptions.defaults() : parent.options()));
            effective = cached;
        }
        return cached.options();
    }

    /**
     * This router's location from the root of its host, {@code ""} for the host itself.
     *
     * @return the location, such as {@code "/api"}
     */
    public String location() {
        return prefix;
    }

    // --- for the request path ---

    HTTPHost host() {
        return parent == null ? (HTTPHost) this : parent.host();
    }

    TemplateEngine engine() {
        return engine != null ? engine : parent == null ? null : parent.engine();
    }

    /** The deepest router whose location holds {@code path}. */
    Router routerFor(String path) {
        for (Router child : children) {
            if (path.equals(child.prefix) || path.startsWith(child.prefix) && path.charAt(child.prefix.length()) == '/') {
                return child.routerFor(path);
            }
        }
        return this;
    }

    /** The middlewares that run for requests under this router: its parents' first. */
    List<Middleware> chain() {
        if (parent == null) {
            return middlewares;
        }
        List<Middleware> inherited = parent.chain();
        if (middlewares.isEmpty()) {
            return inherited;
        }
        List<Middleware> all = new ArrayList<>(inherited);
        all.addAll(middlewares);
        return all;
    }

    /** The listener for error {@code code} here or in a parent, or null for the default. */
    HTTPListener errorListener(int code) {
        HTTPListener listener = errors.get(code);
        return listener != null || parent == null ? listener : parent.errorListener(code);
    }

    /** Tells this router's error listeners and its parents'. */
    void reportError(HTTPConnection connection, Throwable failure) {
        for (BiConsumer<HTTPConnection, Throwable> listener : errorListeners) {
            listener.accept(connection, failure);
        }
        if (parent != null) {
            parent.reportError(connection, failure);
        }
    }

    private Router route(String method, String location, HTTPListener listener) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(listener, "listener");
        host().routes().add(new Route(method, PathPattern.compile(PathPattern.join(prefix, location)), this, listener));
        return this;
    }
}
