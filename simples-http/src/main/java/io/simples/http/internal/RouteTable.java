package io.simples.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every route of one host, however deeply its routers nest. Lookup order: fixed routes of the
 * method, fixed {@code all} routes, dynamic routes of the method, dynamic {@code all} routes;
 * dynamic routes in the order they were added. Fixed routes are one hash lookup. Routes may be
 * added while requests are served: readers see a route once its {@code add} returned.
 */
public final class RouteTable {

    /** A route that matched, with the parameters of its location. */
    record Match(Route route, Map<String, String> params) {
    }

    public static final String ALL = "*";

    private final Map<String, Map<String, Route>> fixed = new ConcurrentHashMap<>();
    private final Map<String, DynamicRoutes> dynamic = new ConcurrentHashMap<>();

    /**
     * Adds a route.
     *
     * @throws IllegalStateException when a route of the same method already answers at the same
     *         location, or at one of the same shape ({@code /a/:id} then {@code /a/:other}): the
     *         second could never be reached, so it is a mistake to say at once, not a silent replacement
     */
    public void add(Route route) {
        String location = route.pattern().location();
        if (PathPattern.isDynamic(location)) {
            dynamic.computeIfAbsent(route.method(), m -> new DynamicRoutes()).add(route);
        } else if (fixed.computeIfAbsent(route.method(), m -> new ConcurrentHashMap<>()).putIfAbsent(location, route) != null) {
            throw duplicate(route, location);
        }
    }

    private static IllegalStateException duplicate(Route route, String existing) {
        String method = ALL.equals(route.method()) ? "all" : route.method();
        String same = existing.equals(route.pattern().location()) ? "" : " (as " + existing + ", whose requests it would never get)";
        return new IllegalStateException(method + " " + route.pattern().location() + " is routed already" + same
                + ": a location takes one route per method");
    }

    /** The route for {@code method} (HEAD is served by GET routes) and {@code path}, or null. */
    public Match find(String method, String path) {
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

    /** Every route, fixed and dynamic, by location then method: for development mode's listings. */
    List<Route> routes() {
        List<Route> all = new ArrayList<>();
        fixed.values().forEach(routes -> all.addAll(routes.values()));
        dynamic.values().forEach(routes -> all.addAll(routes.all()));
        all.sort(java.util.Comparator.comparing((Route route) -> route.pattern().location())
                .thenComparingInt(route -> rank(route.method())).thenComparing(Route::method));
        return all;
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
        DynamicRoutes routes = dynamic.get(method);
        return routes == null ? null : routes.find(path);
    }

    /**
     * The dynamic routes of one method, indexed by the first path segment when it is fixed
     * ({@code /items/:id} under "items"), so that a lookup tries only the routes that can match,
     * in the order they were added. Copy on write: lookups take no lock.
     */
    private static final class DynamicRoutes {
        private record Entry(Route route, int order) {
        }

        private volatile Map<String, List<Entry>> byFirstSegment = Map.of();
        private volatile List<Entry> general = List.of();
        private int added;

        List<Route> all() {
            List<Route> routes = new ArrayList<>();
            byFirstSegment.values().forEach(entries -> entries.forEach(entry -> routes.add(entry.route())));
            general.forEach(entry -> routes.add(entry.route()));
            return routes;
        }

        synchronized void add(Route route) {
            String location = route.pattern().location();
            String shape = route.pattern().shape();
            for (Route existing : all()) {
                if (existing.pattern().shape().equals(shape)) {
                    throw duplicate(route, existing.pattern().location());
                }
            }
            Map<String, List<Entry>> segments = new java.util.HashMap<>();
            byFirstSegment.forEach((segment, entries) -> segments.put(segment, new ArrayList<>(entries)));
            List<Entry> rest = new ArrayList<>(general);
            Entry entry = new Entry(route, added++);
            String first = firstSegment(location);
            if (first.indexOf(':') < 0 && first.indexOf('*') < 0 && location.indexOf('/', 1) > 0) {
                segments.computeIfAbsent(first, s -> new ArrayList<>()).add(entry);
            } else {
                rest.add(entry);
            }
            Map<String, List<Entry>> frozen = new java.util.HashMap<>();
            segments.forEach((segment, entries) -> frozen.put(segment, List.copyOf(entries)));
            byFirstSegment = Map.copyOf(frozen);
            general = List.copyOf(rest);
        }

        Match find(String path) {
            List<Entry> candidates = byFirstSegment.getOrDefault(firstSegment(path), List.of());
            List<Entry> rest = general;
            int i = 0;
            int j = 0;
            while (i < candidates.size() || j < rest.size()) { // both lists in the order routes were added
                Entry next = j >= rest.size() || i < candidates.size() && candidates.get(i).order() < rest.get(j).order()
                        ? candidates.get(i++) : rest.get(j++);
                Map<String, String> params = next.route().pattern().match(path);
                if (params != null) {
                    return new Match(next.route(), params);
                }
            }
            return null;
        }

        private static String firstSegment(String path) {
            int end = path.indexOf('/', 1);
            return end < 0 ? path.substring(1) : path.substring(1, end);
        }
    }
}
