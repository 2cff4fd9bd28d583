package io.simples.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Netty's frame decoder with the close frame checked as RFC 6455 §7.4 says. Netty's own check
 * accepts any code from 3000 up (5000 is not allowed on the wire), and when it refuses a close it
 * closes the socket without a close frame, so the client never learns why. Here a close whose
 * code may not be sent (below 1000, 1004–1006, 1015–2999, 5000 and above) gets a close 1002, and
 * a reason that is not UTF-8 a close 1007, before the connection ends.
 */
final class StrictFrameDecoder extends WebSocket13FrameDecoder {

    private boolean failed;

    StrictFrameDecoder(WebSocketDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes()); // nothing after a refused close is read
            return;
        }
        super.decode(ctx, in, out);
    }

    /** True for the codes an endpoint may put in a close frame (RFC 6455 §7.4.1–2 and IANA's registry). */
    static boolean allowedOnTheWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf payload) {
        if (payload == null || !payload.isReadable()) {
            return;
        }
        int length = payload.readableBytes();
        if (length == 1) {
            fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "a close payload of one byte");
        }
        int code = payload.getUnsignedShort(payload.readerIndex());
        if (!allowedOnTheWire(code)) {
            fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "close code " + code + " is not allowed on the wire");
        }
        if (length > 2 && !isUtf8(payload, payload.readerIndex() + 2, length - 2)) {
            fail(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "the close reason is not UTF-8");
        }
    }

    private static boolean isUtf8(ByteBuf buffer, int index, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer.nioBuffer(index, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        failed = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        throw new CorruptedWebSocketFrameException(status, reason);
    }
}
