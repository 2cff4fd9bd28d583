package io.simples.http.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What development mode shows: the route table at start, and to requests from this machine a
 * failure's stack trace and the routes nearest to a path that has none. Nothing here is ever
 * shown to another machine, nor when development mode is off.
 */
public final class Development {

    static final int NEAREST = 5;

    private Development() {
    }

    /** The warning printed at start. */
    public static String warning(int port) {
        return "simpleS: DEVELOPMENT MODE on port " + port + " (SIMPLES_ENV=development or ServerOptions.development):"
                + " stack traces and routes are shown to requests from this machine; never run it in production";
    }

    /** Every route of every host: method, location, host, the router's location; one per line. */
    public static String routeTable(Map<String, RouteTable> hosts) {
        StringBuilder table = new StringBuilder("routes:\n");
        hosts.forEach((host, routes) -> {
            for (Route route : routes.routes()) {
                table.append(String.format("  %-7s %-40s host %-20s router %s%n", route.method(),
                        route.pattern().location(), host.isEmpty() ? "(main)" : host, route.router()));
            }
        });
        return table.toString();
    }

    /** True for a request from this machine. */
    static boolean local(Exchange exchange) {
        SocketAddress remote = exchange.head().channel().remoteAddress();
        return remote instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress()
                || remote instanceof io.netty.channel.local.LocalAddress; // the test kit's, in this process
    }

    /** The 500's text: the failure and its stack trace. */
    static String failure(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return "500 Internal Server Error (development mode: shown to requests from this machine only)\n\n" + trace;
    }

    /** The 404's text: the routes whose locations are nearest to {@code path}. */
    static String notFound(String method, String path, RouteTable routes) {
        List<Route> nearest = routes.routes().stream()
                .sorted(Comparator.comparingInt((Route route) -> distance(route.pattern().location(), path))
                        .thenComparing(route -> route.pattern().location()))
                .limit(NEAREST)
                .toList();
        String listed = nearest.stream().map(route -> "  " + route.method() + " " + route.pattern().location())
                .collect(Collectors.joining("\n"));
        return "404 Not Found: no route for " + method + " " + path
                + " (development mode: shown to requests from this machine only)\n\n"
                + (nearest.isEmpty() ? "This host has no routes." : "The nearest routes:\n" + listed) + "\n";
    }

    /** Levenshtein distance, on at most the first 200 characters of each. */
    static int distance(String a, String b) {
        String x = a.length() > 200 ? a.substring(0, 200) : a;
        String y = b.length() > 200 ? b.substring(0, 200) : b;
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }
}
