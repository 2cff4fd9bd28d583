package io.simples.http;

import io.simples.http.internal.RouteTable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A virtual host: the router for requests whose {@code Host} header names it. Made by
 * {@link Server#host(String)}; the {@link Server} itself is the main host, which answers every
 * request no other host claims. Holds its own routes, routers, middlewares and options.
 */
public class HTTPHost extends Router {

    private final String name;
    private final Server server;
    private final RouteTable routes = new RouteTable();
    private final Map<String, Object> data = new ConcurrentHashMap<>();

    HTTPHost(String name, Server server) {
        super(null, "");
        this.name = name;
        this.server = server;
    }

    /** The server this host belongs to. */
    Server server() {
        return server == null ? (Server) this : server;
    }

    /**
     * The name this host answers to ({@code *} matches one or more characters), "" for the main host.
     *
     * @return the host name, such as {@code "example.com"} or {@code "*.example.com"}
     */
    public String name() {
        return name;
    }

    /**
     * A free container for the application's data.
     *
     * @return the data by name, a map safe to use from any thread
     */
    public Map<String, Object> data() {
        return data;
    }

    RouteTable routes() {
        return routes;
    }

    @Override
    public String toString() {
        return "HTTPHost[" + (name.isEmpty() ? "main" : name) + "]";
    }
}
