package io.simples.ws;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.concurrent.TimeUnit;

/** The sending side of a closing handshake, the same for the server's connections and the client's. */
final class Closing {

    /** How long a close frame waits for the other end's before the connection is cut. */
    static final long ANSWER_SECONDS = 5;

    private Closing() {
    }

    /**
     * Checks that {@code code} may travel in a close frame (RFC 6455 §7.4: 1000–1003, 1007–1014
     * and 3000–4999 may; 1005 and 1006 only ever describe a close).
     *
     * @throws IllegalArgumentException when it may not
     */
    static void requireSendable(int code) {
        if (!StrictFrameDecoder.allowedOnTheWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent; use 1000-1003, 1007-1014 or 3000-4999");
        }
    }

    /** Sends the close frame on {@code channel}, and closes it when the other end has not answered in time. */
    static void send(Channel channel, int code, String reason) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, ANSWER_SECONDS, TimeUnit.SECONDS);
    }
}
