package io.simples.http.internal;

import io.simples.core.internal.Metrics;
import io.simples.http.HTTPConnection;
import io.simples.http.HTTPHost;
import io.simples.http.HTTPListener;
import io.simples.http.Middleware;
import io.simples.http.Router;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the request path needs of the application a user built, beyond its public methods: the
 * host a request goes to, a host's routes, the router under a path, a router's middlewares and
 * error listeners, the public face of an exchange, the threads that run listeners and the
 * server's sessions. {@code io.simples.http} implements it over the package-private state of its
 * {@code Server}, hosts and routers, and hands it to the listening ports it makes: the API keeps
 * its internals to itself, and this package reaches them only through here.
 */
public interface Application {

    /** The virtual host that answers {@code connection}: the one its {@code Host} names, or the main host. */
    HTTPHost host(HTTPConnection connection);

    /** The routes of {@code host} and of all its routers. */
    RouteTable routes(HTTPHost host);

    /** The deepest router of {@code host} whose location holds {@code path} (normalized). */
    Router routerFor(HTTPHost host, String path);

    /** The middlewares that run for requests under {@code router}: its parents' first. */
    List<Middleware> middlewares(Router router);

    /** The listener for error {@code code} in {@code router} or a parent, or null for the default answer. */
    HTTPListener errorListener(Router router, int code);

    /** Tells {@code router}'s error listeners and its parents' of a failure. */
    void reportError(Router router, HTTPConnection connection, Throwable failure);

    /** The public face of {@code exchange}, made once per exchange. */
    HTTPConnection connection(Exchange exchange);

    /** The threads that run listeners and middlewares. */
    Executor handlers();

    /** The sessions of this server's connections. */
    SessionWiring sessions();

    /** Where the request path's metrics go: {@link Metrics#NONE} until the server's are turned on. */
    Metrics metrics();

    /** True in development mode (see {@code ServerOptions.development}). */
    boolean development();

    /** In development mode: prints the route table, the first time only. */
    void showRoutesOnce();
}
