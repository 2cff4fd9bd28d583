package io.simples.http;

import io.simples.http.internal.RouteTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The virtual hosts of a server: exact names by hash, wildcard names in the order made, the
 * main host for everything else.
 */
final class Hosts {

    /** Labels of letters, digits, dashes and {@code *}, dot-separated; or an IPv6 literal in brackets. */
    private static final Pattern NAME = Pattern.compile(
            "(?:[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)(?:\\.[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)*|\\[[0-9a-f:.]+\\]");

    private final Server main;
    private final Map<String, HTTPHost> exact = new ConcurrentHashMap<>();
    private final List<HTTPHost> wildcards = new CopyOnWriteArrayList<>();

    Hosts(Server main) {
        this.main = main;
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
        HTTPHost host = new HTTPHost(normalized, main);
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
        tables.put("", main.routes());
        new java.util.TreeMap<>(exact).forEach((name, host) -> tables.put(name, host.routes()));
        wildcards.forEach(host -> tables.put(host.name(), host.routes()));
        return tables;
    }

    /** The host for {@code connection}: the main host at once when the server has no other. */
    HTTPHost select(HTTPConnection connection) {
        return exact.isEmpty() && wildcards.isEmpty() ? main : select(connection.hostname());
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
        return main;
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
}
