package io.simples.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.ws.WSHost;
import java.util.Base64;
import java.util.List;

/**
 * The route of a WebSocket endpoint. After the router's middlewares it checks the opening
 * handshake (RFC 6455 §4.2.1) and answers what is not one: no {@code Upgrade: websocket} gets
 * 426, a {@code Sec-WebSocket-Version} other than 13 gets 426 naming 13, an HTTP/1.0 request,
 * a {@code Connection} without {@code upgrade} or a {@code Sec-WebSocket-Key} that is not the
 * base64 of 16 bytes gets 400, and a page from an origin the endpoint refuses gets 403.
 * Anything else is handed to the {@link WSHost} for the handshake.
 */
final class WebSocketRoute implements HTTPListener {

    private final WSHost host;
    private final Server server;

    WebSocketRoute(WSHost host, Server server) {
        this.host = host;
        this.server = server;
    }

    @Override
    public void handle(HTTPConnection connection) {
        HttpHeaders headers = connection.requestHead().headers();
        if (!hasToken(headers.getAll(HttpHeaderNames.UPGRADE), "websocket")) {
            connection.status(426).header("Upgrade", "websocket").type("txt")
                    .end("426 Upgrade Required: " + connection.path() + " speaks WebSocket");
            return;
        }
        if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            connection.status(426).header("Sec-WebSocket-Version", "13").type("txt")
                    .end("426 Upgrade Required: WebSocket version 13");
            return;
        }
        String refused = refusal(connection.requestHead().request().protocolVersion(), headers);
        if (refused != null) {
            Errors.answer(connection, 400, "400 Bad Request: " + refused);
            return;
        }
        if (!host.acceptsOrigin(connection.headers().get("origin"), connection.host())) {
            Errors.answer(connection, 403, "403 Forbidden: WebSocket connections from this origin are refused");
            return;
        }
        List<String> cookies = connection.sessionCookie() == null ? List.of() : List.of(connection.sessionCookie());
        connection.upgrade(head -> host.handshake(head, connection.params(), server.handlers(), cookies));
    }

    /** Why this is not a WebSocket opening handshake, or null when it is one. */
    private static String refusal(HttpVersion version, HttpHeaders headers) {
        if (version.majorVersion() == 1 && version.minorVersion() == 0) {
            return "a WebSocket handshake needs HTTP/1.1";
        }
        if (!hasToken(headers.getAll(HttpHeaderNames.CONNECTION), "upgrade")) {
            return "a WebSocket handshake needs Connection: Upgrade";
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isKey(keys.get(0))) {
            return "Sec-WebSocket-Key must be the base64 of 16 bytes";
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
