package io.simples.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * One message to many connections: encoded once into one buffer, and each connection gets a
 * retained duplicate of the same frame — no copy and no JSON encoding per recipient.
 *
 * <p>The filter runs on the caller's thread. Writes to connections of the caller's own event loop
 * happen at once; the others are grouped by event loop and handed over as one task per loop, not
 * one write task per connection (from a handler thread, that is every connection).
 */
final class Broadcast {

    private Broadcast() {
    }

    /** How one connection takes its copy, on its event loop. */
    @FunctionalInterface
    interface Delivery {
        void deliver(WSConnection connection, WebSocketFrame copy);
    }

    /** Sends {@code frame} to the {@code connections} that {@code filter} accepts; releases the frame; answers how many it went to. */
    static int send(Collection<WSConnection> connections, WebSocketFrame frame, Predicate<WSConnection> filter) {
        return send(connections, frame, filter, WSConnection::broadcast);
    }

    /** The same, each connection taking its copy through {@code delivery}. */
    static int send(Collection<WSConnection> connections, WebSocketFrame frame, Predicate<WSConnection> filter,
                    Delivery delivery) {
        int recipients = 0;
        try {
            Map<EventLoop, List<WSConnection>> elsewhere = new IdentityHashMap<>();
            for (WSConnection connection : connections) {
                if (!filter.test(connection)) {
                    continue;
                }
                recipients++;
                EventLoop loop = connection.channel().eventLoop();
                if (loop.inEventLoop()) {
                    delivery.deliver(connection, frame.retainedDuplicate());
                } else {
                    elsewhere.computeIfAbsent(loop, l -> new ArrayList<>()).add(connection);
                }
            }
            elsewhere.forEach((loop, group) -> handOver(loop, group, frame, delivery));
        } finally {
            frame.release();
        }
        return recipients;
    }

    private static void handOver(EventLoop loop, List<WSConnection> recipients, WebSocketFrame frame, Delivery delivery) {
        WebSocketFrame shared = frame.retain();
        try {
            loop.execute(() -> {
                try {
                    for (WSConnection connection : recipients) {
                        delivery.deliver(connection, shared.retainedDuplicate());
                    }
                } finally {
                    shared.release();
                }
            });
        } catch (RejectedExecutionException stopped) {
            shared.release(); // the loop is gone, and its connections with it
        }
    }

    /** The frame of a message: text in advanced mode or for text, JSON of anything but bytes. */
    static WebSocketFrame frame(String event, Object data) {
        if (event != null) {
            return new TextWebSocketFrame(WSConnection.utf8(Envelopes.encode(event, data)));
        }
        if (data instanceof byte[] bytes) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
        }
        ByteBuf text = WSConnection.utf8(data instanceof String string ? string : Envelopes.json(data));
        return new TextWebSocketFrame(text);
    }

    /** The frame of a payload another process encoded. */
    static WebSocketFrame frame(boolean binary, byte[] payload) {
        ByteBuf content = Unpooled.wrappedBuffer(payload);
        return binary ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content);
    }
}
