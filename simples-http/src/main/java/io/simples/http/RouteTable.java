package io.simples.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every route of one host, however deeply its routers nest. Lookup order: fixed routes of the
 * method, fixed {@code all} routes, dynamic routes of the method, dynamic {@code all} routes;
 * dynamic routes in the order they were added. Fixed routes are one hash lookup. Routes may be
 * added while requests are served: readers see a route once its {@code add} returned.
 */
final class RouteTable {

    /** A route that matched, with the parameters of its location. */
    record Match(Route route, Map<String, String> params) {
    }

    static final String ALL = "*";

    private final Map<String, Map<String, Route>> fixed = new ConcurrentHashMap<>();
    private final Map<String, List<Route>> dynamic = new ConcurrentHashMap<>();

    /** Adds a route; a route of the same method and location replaces the old one. */
    void add(Route route) {
        String location = route.pattern().location();
        if (PathPattern.isDynamic(location)) {
            List<Route> routes = dynamic.computeIfAbsent(route.method(), m -> new CopyOnWriteArrayList<>());
            synchronized (routes) {
                routes.removeIf(old -> old.pattern().location().equals(location));
                routes.add(route);
            }
        } else {
            fixed.computeIfAbsent(route.method(), m -> new ConcurrentHashMap<>()).put(location, route);
        }
    }

    /** The route for {@code method} (HEAD is served by GET routes) and {@code path}, or null. */
    Match find(String method, String path) {
        String lookup = "HEAD".equals(method) ? "GET" : method;
        Route route = fixedRoute(lookup, path);
        if (route == null) {
            route = fixedRoute(ALL, path);
        }
        if (route != null) {
            return new Match(route, Map.of());
        }
        Match match = dynamicRoute(lookup, path);
        return match != null ? match : dynamicRoute(ALL, path);
    }

    /** The methods with a route for {@code path}, for the {@code Allow} header of a 405. */
    Set<String> allowed(String path) {
        Set<String> methods = new LinkedHashSet<>();
        for (String method : new ArrayList<>(fixed.keySet())) {
            if (fixedRoute(method, path) != null) {
                methods.add(method);
            }
        }
        for (String method : new ArrayList<>(dynamic.keySet())) {
            if (dynamicRoute(method, path) != null) {
                methods.add(method);
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        List<String> ordered = new ArrayList<>(methods);
        ordered.sort(java.util.Comparator.comparingInt(RouteTable::rank).thenComparing(m -> m));
        return new LinkedHashSet<>(ordered);
    }

    private static int rank(String method) {
        int rank = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").indexOf(method);
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }

    private Route fixedRoute(String method, String path) {
        Map<String, Route> routes = fixed.get(method);
        return routes == null ? null : routes.get(path);
    }

    private Match dynamicRoute(String method, String path) {
        List<Route> routes = dynamic.get(method);
        if (routes == null) {
            return null;
        }
        for (Route route : routes) {
            Map<String, String> params = route.pattern().match(path);
            if (params != null) {
                return new Match(route, params);
            }
        }
        return null;
    }
}
