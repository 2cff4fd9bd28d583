package io.simples.http;

import io.simples.core.internal.Metrics;
import io.simples.http.internal.Application;
import io.simples.http.internal.Development;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.RouteTable;
import io.simples.http.internal.SessionWiring;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A server's hosts and routers as the request path sees them: {@link Application} over their
 * package-private state. The virtual hosts live here: exact names by hash, wildcard names in the
 * order made, the server itself (its main host) for everything else.
 */
final class ServerApplication implements Application {

    /** Labels of letters, digits, dashes and {@code *}, dot-separated; or an IPv6 literal in brackets. */
    private static final Pattern NAME = Pattern.compile(
            "(?:[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)(?:\\.[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)*|\\[[0-9a-f:.]+\\]");


    private final Server server;
    private final Map<String, HTTPHost> exact = new ConcurrentHashMap<>();
    private final List<HTTPHost> wildcards = new CopyOnWriteArrayList<>();
    private final Executor handlers;
    private final SessionWiring sessions = new SessionWiring();
    private final AtomicBoolean routesShown = new AtomicBoolean();
    private volatile Metrics metrics = Metrics.NONE;

    ServerApplication(Server server, Executor handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    @Override
    public HTTPHost host(HTTPConnection connection) {
        return select(connection);
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
    public Metrics metrics() {
        return metrics;
    }

    void metrics(Metrics chosen) {
        metrics = chosen;
    }

    @Override
    public boolean development() {
        return server.serverOptions().development();
    }

    @Override
    public void showRoutesOnce() {
        if (routesShown.compareAndSet(false, true)) {
            System.out.print(Development.routeTable(routeTables())); // printed: see Server.start
        }
    }

    /** The host named {@code name}, made on first use. */
    synchronized HTTPHost host(String name) {
        String normalized = validate(name);
        HTTPHost existing = exact.get(normalized);
        if (existing != null) {
            return existing;
        }
        for (HTTPHost host : wildcards) {
            if (host.name().equals(normalized)) {
                return host;
            }
        }
        HTTPHost host = new HTTPHost(normalized, server);
        if (normalized.indexOf('*') >= 0) {
            wildcards.add(host);
        } else {
            exact.put(normalized, host);
        }
        return host;
    }

    /** Every host's route table by host name ("" for the main host, first): for development mode. */
    Map<String, RouteTable> routeTables() {
        Map<String, RouteTable> tables = new java.util.LinkedHashMap<>();
        tables.put("", server.routes());
        new java.util.TreeMap<>(exact).forEach((name, host) -> tables.put(name, host.routes()));
        wildcards.forEach(host -> tables.put(host.name(), host.routes()));
        return tables;
    }

    /** The host for {@code connection}: the main host at once when the server has no other. */
    HTTPHost select(HTTPConnection connection) {
        return exact.isEmpty() && wildcards.isEmpty() ? server : select(connection.hostname());
    }

    /** The host for a request's host name (already lower case, without port). */
    HTTPHost select(String hostname) {
        HTTPHost host = exact.get(hostname);
        if (host != null) {
            return host;
        }
        for (HTTPHost wildcard : wildcards) {
            if (matches(wildcard.name(), 0, hostname, 0)) {
                return wildcard;
            }
        }
        return server;
    }

    private static String validate(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host name is needed, like \"example.com\" or \"*.example.com\"");
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (normalized.length() > 253 || !NAME.matcher(normalized).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a host name: use letters, digits, dashes"
                    + " and dots, with * for one or more characters (no port, no scheme, no path)");
        }
        return normalized;
    }

    /** Glob match where {@code *} stands for one or more characters. */
    static boolean matches(String pattern, int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int end = name.length(); end > n; end--) {
                    if (matches(pattern, p + 1, name, end)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || name.charAt(n) != c) {
                return false;
            }
            p++;
            n++;
        }
        return n == name.length();
    }

    /** Every router of the server: its own tree, then each virtual host's. */
    List<Router> routers() {
        List<Router> all = new java.util.ArrayList<>(server.withDescendants());
        exact.values().forEach(host -> all.addAll(host.withDescendants()));
        wildcards.forEach(host -> all.addAll(host.withDescendants()));
        return all;
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
