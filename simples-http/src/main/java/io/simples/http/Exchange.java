package io.simples.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.simples.core.internal.SessionHold;
import io.simples.session.Store;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The work of one request on its handler thread: pick the host and router, run the middlewares,
 * find the route and run it; then make sure the response ends, whatever happened.
 */
final class Exchange implements Runnable {

    /** The methods a router can route; another one gets 501 unless an {@code all} route takes it. */
    static final Set<String> ROUTABLE = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            java.util.List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")));

    private final Server server;
    private final HTTPConnection connection;

    Exchange(Server server, HTTPConnection connection) {
        this.server = server;
        this.connection = connection;
    }

    @Override
    public void run() {
        try {
            if (connection.url().equals("*")) { // OPTIONS * (RFC 9110 §9.3.7): what the server takes
                connection.status(204).header("Allow", String.join(", ", ROUTABLE)).end();
                return;
            }
            HTTPHost host = server.hosts().select(connection);
            String path = Router.normalizePath(connection.path());
            Router router = host.routerFor(path);
            connection.route(router, java.util.Map.of());
            applyTimeout(router);
            applyCompression(router);
            if (Cors.apply(connection, router.options().cors())) {
                return; // a preflight, answered
            }
            attachSession(router);
            new Chain(router.chain(), connection, c -> route(host, path)).run();
        } catch (Throwable failure) {
            Errors.fail(connection, failure);
        } finally {
            SessionHold hold = connection.requestHead().hold();
            if (hold != null && !connection.upgraded()) {
                hold.release(); // an upgraded connection's WebSocket holds it until it closes
            }
            if (!connection.ended()) {
                try {
                    connection.end();
                } catch (RuntimeException e) {
                    connection.close();
                }
            }
            logAccess();
        }
    }

    /** Loads the session before the first middleware, where the router's session option says so. */
    private void attachSession(Router router) throws Exception {
        SessionOptions options = router.options().session();
        if (!options.enabled().test(connection)) {
            return;
        }
        Store store = options.store() != null ? options.store() : server.memoryStore();
        try {
            SessionHold hold = server.sessions().acquire(store, connection.cookies().get(SessionCookie.NAME),
                    options.timeout()).get(30, TimeUnit.SECONDS);
            connection.attach(hold, options);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the session store failed: " + e.getCause(), e.getCause());
        }
    }

    private void route(HTTPHost host, String path) throws Exception {
        if (serveFile(connection.router())) {
            return;
        }
        RouteTable.Match match = host.routes().find(connection.method(), path);
        if (match == null && !ROUTABLE.contains(connection.method())) {
            Errors.answer(connection, 501, null); // RFC 9110 §9.1: a method no route knows
            return;
        }
        if (match == null) {
            Set<String> allowed = host.routes().allowed(path);
            if (!allowed.isEmpty()) {
                Errors.methodNotAllowed(connection, allowed);
                return;
            }
            Errors.answer(connection, 404, null);
            return;
        }
        connection.route(match.route().router(), match.params());
        applyTimeout(match.route().router());
        applyCompression(match.route().router());
        match.route().listener().handle(connection);
    }

    /** The static option: a file under the router's root answers GET and HEAD before the routes. */
    private boolean serveFile(Router router) throws Exception {
        String method = connection.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        StaticOptions files = router.options().staticFiles();
        if (!files.enabled().test(connection)) {
            return false;
        }
        String raw = connection.url();
        int query = raw.indexOf('?');
        raw = query < 0 ? raw : raw.substring(0, query);
        String path = connection.path();
        String location = router.location(); // a router serves its files from its own location
        if (!location.isEmpty()) {
            if (!path.startsWith(location) || !raw.startsWith(location)) {
                return false;
            }
            path = path.substring(location.length());
            raw = raw.substring(location.length());
        }
        return StaticFiles.serve(connection, files, raw, path);
    }

    /** The compression option of {@code router}, for this response. */
    private void applyCompression(Router router) {
        CompressionOptions compression = router.options().compression();
        if (compression.enabled().test(connection)) {
            connection.response().compression(compression,
                    connection.requestHead().header(HttpHeaderNames.ACCEPT_ENCODING));
        } else {
            connection.response().compression(null, null);
        }
    }

    private void applyTimeout(Router router) {
        TimeoutOptions timeout = router.options().timeout();
        if (timeout.enabled()) {
            connection.keep(timeout.value());
        }
    }

    private void logAccess() {
        var logger = connection.router().options().logger();
        if (logger.enabled().test(connection)) {
            connection.log(logger);
        }
    }
}
