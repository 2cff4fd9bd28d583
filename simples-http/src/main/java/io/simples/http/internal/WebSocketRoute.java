package io.simples.http.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.core.internal.Rejection;
import io.simples.http.HTTPConnection;
import io.simples.ws.WSHost;
import io.simples.ws.internal.WebSocketAccess;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The route of a WebSocket endpoint. After the router's middlewares it checks the opening
 * handshake (RFC 6455 §4.2.1) and answers what is not one: no {@code Upgrade: websocket} gets
 * 426, a {@code Sec-WebSocket-Version} other than 13 gets 426 naming 13, an HTTP/1.0 request,
 * a {@code Connection} without {@code upgrade} or a {@code Sec-WebSocket-Key} that is not the
 * base64 of 16 bytes gets 400, and a page from an origin the endpoint refuses gets 403.
 * Anything else is handed to the {@link WSHost} for the handshake.
 */
public final class WebSocketRoute {

    private final WSHost host;

    public WebSocketRoute(WSHost host) {
        this.host = host;
    }

    /** Answers {@code exchange}, the request routed to the endpoint: a refusal, or the upgrade. */
    public void handle(Exchange exchange) {
        Rejection rejection = check(exchange);
        if (rejection != null) {
            Errors.reject(exchange, rejection);
            return;
        }
        Application application = exchange.application();
        String cookie = application.sessions().upgradeCookie(exchange);
        List<String> cookies = cookie == null ? List.of() : List.of(cookie);
        WebSocketAccess.Opening opening = new WebSocketAccess.Opening(exchange.params(), application.handlers(), cookies,
                exchange.router().options().logger(), application.development(),
                application.metrics().webSocket(exchange.routeTemplate()));
        exchange.upgrade(head -> WebSocketAccess.handshake(host, head, opening));
    }

    /** Why this is not a WebSocket opening handshake this endpoint takes, or null when it is one. */
    private Rejection check(Exchange exchange) {
        HTTPConnection connection = exchange.connection();
        HttpHeaders headers = exchange.head().headers();
        if (!hasToken(headers.getAll(HttpHeaderNames.UPGRADE), "websocket")) {
            return new Rejection(426, connection.path() + " speaks WebSocket", Map.of("Upgrade", "websocket"));
        }
        if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return new Rejection(426, "WebSocket version 13", Map.of("Sec-WebSocket-Version", "13"));
        }
        HttpVersion version = exchange.request().protocolVersion();
        if (version.majorVersion() == 1 && version.minorVersion() == 0) {
            return new Rejection(400, "a WebSocket handshake needs HTTP/1.1");
        }
        if (!hasToken(headers.getAll(HttpHeaderNames.CONNECTION), "upgrade")) {
            return new Rejection(400, "a WebSocket handshake needs Connection: Upgrade");
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isKey(keys.get(0))) {
            return new Rejection(400, "Sec-WebSocket-Key must be the base64 of 16 bytes");
        }
        if (!WebSocketAccess.acceptsOrigin(host, connection.headers().get("origin"), connection.host())) {
            return new Rejection(403, "WebSocket connections from this origin are refused");
        }
        return null;
    }

    private static boolean isKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when one of the comma-separated values of a header is {@code token}, in any case. */
    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
