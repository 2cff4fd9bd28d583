package io.simples.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * One message to many connections: encoded once into one buffer, and each connection gets a
 * retained duplicate of the same frame — no copy and no JSON encoding per recipient.
 */
final class Broadcast {

    private Broadcast() {
    }

    static void send(Collection<WSConnection> connections, String event, Object data, Predicate<WSConnection> filter) {
        WebSocketFrame frame = frame(event, data);
        try {
            for (WSConnection connection : connections) {
                if (filter.test(connection)) {
                    connection.broadcast(frame.retainedDuplicate());
                }
            }
        } finally {
            frame.release();
        }
    }

    private static WebSocketFrame frame(String event, Object data) {
        if (event != null) {
            return new TextWebSocketFrame(WSConnection.utf8(Envelopes.encode(event, data)));
        }
        if (data instanceof byte[] bytes) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
        }
        ByteBuf text = WSConnection.utf8(data instanceof String string ? string : Envelopes.json(data));
        return new TextWebSocketFrame(text);
    }
}
