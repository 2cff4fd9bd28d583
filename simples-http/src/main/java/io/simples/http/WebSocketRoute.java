package io.simples.http;

import io.simples.ws.WSHost;

/**
 * The route of a WebSocket endpoint: after the router's middlewares, a request without
 * {@code Upgrade: websocket} gets 426, a page from an origin the endpoint refuses gets 403, and
 * anything else is handed to the {@link WSHost} for the handshake.
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
        if (!"websocket".equalsIgnoreCase(connection.headers().get("upgrade"))) {
            connection.status(426).header("Upgrade", "websocket").type("txt")
                    .end("426 Upgrade Required: " + connection.path() + " speaks WebSocket");
            return;
        }
        if (!host.acceptsOrigin(connection.headers().get("origin"), connection.host())) {
            Errors.answer(connection, 403, "403 Forbidden: WebSocket connections from this origin are refused");
            return;
        }
        java.util.List<String> cookies = connection.sessionCookie() == null ? java.util.List.of()
                : java.util.List.of(connection.sessionCookie());
        connection.upgrade(head -> host.handshake(head, connection.params(), server.handlers(), cookies));
    }
}
