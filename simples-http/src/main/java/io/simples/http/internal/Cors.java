package io.simples.http.internal;

import io.simples.core.internal.OriginPolicy;
import io.simples.http.CorsOptions;
import io.simples.http.HTTPConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router {@code cors} option at work: a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered here — 204 with what is allowed, or 403 — and
 * an allowed cross-origin request gets its {@code Access-Control-Allow-*} headers (they survive an
 * error answer). A disallowed origin gets no CORS header at all; with credentials the origin is
 * echoed, never {@code *}; {@code Vary: Origin} whenever the answer depends on it.
 */
final class Cors {

    /** Headers a browser may always send (the CORS-safelisted ones). */
    private static final List<String> SIMPLE = List.of("accept", "accept-language", "content-language", "content-type");
    private static final Map<List<String>, OriginPolicy> POLICIES = new ConcurrentHashMap<>();
    static final int MAX_AGE = 600;

    private Cors() {
    }

    /** Applies the option to {@code exchange}, whose request came from {@code origin}; true when it was a preflight, now answered. */
    static boolean apply(Exchange exchange, CorsOptions options, String origin) {
        HTTPConnection connection = exchange.connection();
        OriginPolicy policy = POLICIES.computeIfAbsent(options.origins(), OriginPolicy::new);
        boolean allowed = policy.allows(origin, connection.host());
        String requestedMethod = connection.headers().get("access-control-request-method");
        if (connection.method().equals("OPTIONS") && requestedMethod != null) {
            preflight(exchange, options, origin, allowed, requestedMethod);
            return true;
        }
        if (allowed) {
            exchange.response().beforeHead(() -> allow(exchange.response(), options, origin));
        }
        return false;
    }

    private static void preflight(Exchange exchange, CorsOptions options, String origin, boolean allowed,
                                  String requestedMethod) {
        List<String> requestedHeaders = new ArrayList<>();
        String header = exchange.connection().headers().get("access-control-request-headers");
        Response response = exchange.response();
        if (header != null) {
            for (String name : header.split(",")) {
                if (!name.isBlank()) {
                    requestedHeaders.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> permitted = options.headers().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        boolean methodAllowed = options.methods().contains(requestedMethod.toUpperCase(Locale.ROOT));
        boolean headersAllowed = requestedHeaders.stream().allMatch(h -> SIMPLE.contains(h) || permitted.contains(h));
        response.header("Vary", "Origin");
        if (!allowed || !methodAllowed || !headersAllowed) {
            response.status(403).type("txt").end("403 Forbidden: cross-origin request refused");
            return;
        }
        allow(response, options, origin);
        response.header("Access-Control-Allow-Methods", String.join(", ", options.methods()));
        if (!requestedHeaders.isEmpty()) {
            response.header("Access-Control-Allow-Headers", String.join(", ", requestedHeaders));
        }
        response.header("Access-Control-Max-Age", MAX_AGE);
        response.status(204).end();
    }

    private static void allow(Response response, CorsOptions options, String origin) {
        boolean any = !options.origins().isEmpty() && options.origins().get(0).equals("*")
                && options.origins().size() == 1 && !options.credentials();
        response.header("Access-Control-Allow-Origin", any ? "*" : origin);
        if (!any) {
            response.header("Vary", "Origin");
        }
        if (options.credentials()) {
            response.header("Access-Control-Allow-Credentials", "true");
        }
    }
}
