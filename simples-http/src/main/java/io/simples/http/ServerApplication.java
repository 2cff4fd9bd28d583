package io.simples.http;

import io.simples.http.internal.Application;
import io.simples.http.internal.Development;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.RouteTable;
import io.simples.http.internal.SessionWiring;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** A server's hosts and routers as the request path sees them: {@link Application} over their package-private state. */
final class ServerApplication implements Application {

    private final Server server;
    private final Hosts hosts;
    private final Executor handlers;
    private final SessionWiring sessions = new SessionWiring();
    private final AtomicBoolean routesShown = new AtomicBoolean();

    ServerApplication(Server server, Hosts hosts, Executor handlers) {
        this.server = server;
        this.hosts = hosts;
        this.handlers = handlers;
    }

    @Override
    public HTTPHost host(HTTPConnection connection) {
        return hosts.select(connection);
    }

    @Override
    public RouteTable routes(HTTPHost host) {
        return host.routes();
    }

    @Override
    public Router routerFor(HTTPHost host, String path) {
        return host.routerFor(path);
    }

    @Override
    public List<Middleware> middlewares(Router router) {
        return router.chain();
    }

    @Override
    public HTTPListener errorListener(Router router, int code) {
        return router.errorListener(code);
    }

    @Override
    public void reportError(Router router, HTTPConnection connection, Throwable failure) {
        router.reportError(connection, failure);
    }

    @Override
    public HTTPConnection connection(Exchange exchange) {
        return new HTTPConnection(exchange);
    }

    @Override
    public Executor handlers() {
        return handlers;
    }

    @Override
    public SessionWiring sessions() {
        return sessions;
    }

    @Override
    public boolean development() {
        return server.serverOptions().development();
    }

    @Override
    public void showRoutesOnce() {
        if (routesShown.compareAndSet(false, true)) {
            System.out.print(Development.routeTable(hosts.routeTables())); // printed: see Server.start
        }
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
