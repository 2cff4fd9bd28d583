package io.simples.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Netty's frame decoder with the close frame checked as RFC 6455 §7.4 says, and the common
 * message read without it.
 *
 * <p>Close frames: Netty's own check accepts any code from 3000 up (5000 is not allowed on the
 * wire), and when it refuses a close it closes the socket without a close frame, so the client
 * never learns why. Here a close whose code may not be sent (below 1000, 1004–1006, 1015–2999,
 * 5000 and above) gets a close 1002, and a reason that is not UTF-8 a close 1007, before the
 * connection ends.
 *
 * <p>The common message: a whole, unfragmented text or binary frame, masked, no reserved bit,
 * within the limit, on a connection without an extension. Netty's decoder copies its payload into
 * a new buffer and wraps it in a frame object, which the next handlers copy again; here it is
 * unmasked where it lies and becomes a {@link WSMessage} at once (a text's String decoded from the
 * received bytes after they are checked to be UTF-8, 1007 otherwise). Every other frame, and every
 * frame of a fragmented message, goes to Netty's decoder whole or, when its header alone says
 * what is wrong, at once; so that the two never disagree on where a frame begins, this decoder
 * reads each header first and lets Netty's have exactly the bytes of the frames it decodes.
 */
final class StrictFrameDecoder extends WebSocket13FrameDecoder {

    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int MASK = 0x80;

    private final boolean direct;
    private final int limit;
    private boolean failed;
    /** Bytes of the frame Netty's decoder has begun that it has not read yet. */
    private long owedToNetty;
    /** Inside a fragmented message (its frames all go to Netty's decoder). */
    private boolean fragmented;
    /** A close frame went to Netty's decoder: it reads nothing after it, nor does this one. */
    private boolean closed;

    StrictFrameDecoder(WebSocketDecoderConfig config) {
        super(config);
        this.direct = !config.allowExtensions() && config.expectMaskedFrames() && !config.allowMaskMismatch();
        this.limit = config.maxFramePayloadLength();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes()); // nothing after a refused close is read
            return;
        }
        if (!direct || owedToNetty > 0 || closed) {
            toNetty(ctx, in, out);
            return;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return;
        }
        int first = in.getUnsignedByte(start);
        int second = in.getUnsignedByte(start + 1);
        int opcode = first & 0x0F;
        int length = second & 0x7F;
        int header = 6; // two bytes, then the mask
        if (length == 126) {
            if (readable < 4) {
                return;
            }
            length = in.getUnsignedShort(start + 2);
            header = 8;
        } else if (length == 127) {
            if (readable < 10) {
                return;
            }
            owe(in.getLong(start + 2), 14, first);
            toNetty(ctx, in, out);
            return;
        }
        boolean plain = (first & 0x70) == 0 && (first & FIN) != 0 && (opcode == TEXT || opcode == BINARY)
                && (second & MASK) != 0 && !fragmented && length <= limit && (header == 6 || length >= 126);
        if (!plain) {
            owe(length, header, first);
            toNetty(ctx, in, out);
            return;
        }
        if (readable < header + length) {
            return; // the rest of the frame is on its way
        }
        int payload = start + header;
        unmask(in, payload, length, in.getInt(payload - 4));
        in.readerIndex(payload + length);
        if (opcode == BINARY) {
            out.add(new WSMessage(true, ByteBufUtil.getBytes(in, payload, length)));
        } else if (Utf8.isValid(in, payload, length)) {
            out.add(new WSMessage(in.toString(payload, length, StandardCharsets.UTF_8), length));
        } else {
            fail(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "bytes are not UTF-8");
        }
    }

    /** The frame starting at the reader index goes to Netty's decoder: its whole length, as its header says. */
    private void owe(long payloadLength, int headerLength, int first) {
        owedToNetty = payloadLength < 0 ? Long.MAX_VALUE : payloadLength + headerLength;
        int opcode = first & 0x0F;
        if (opcode == CLOSE) {
            closed = true;
        } else if (opcode < CLOSE) { // a data frame: it begins, continues or ends a fragmented message
            fragmented = (first & FIN) == 0;
        }
    }

    private void toNetty(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int before = in.readerIndex();
        try {
            super.decode(ctx, in, out);
        } catch (CorruptedWebSocketFrameException e) {
            failed = true; // Netty's decoder has sent its close and skips the rest: so does this one
            throw e;
        }
        owedToNetty = Math.max(0, owedToNetty - (in.readerIndex() - before));
    }

    /** XORs the client's mask out of {@code length} bytes from {@code index}, in place. */
    private static void unmask(ByteBuf buffer, int index, int length, int mask) {
        int end = index + length;
        int i = index;
        for (; i + 4 <= end; i += 4) {
            buffer.setInt(i, buffer.getInt(i) ^ mask);
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            buffer.setByte(i, buffer.getByte(i) ^ (mask >>> shift));
        }
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
        if (length > 2 && !Utf8.isValid(payload, payload.readerIndex() + 2, length - 2)) {
            fail(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "the close reason is not UTF-8");
        }
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        failed = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        throw new CorruptedWebSocketFrameException(status, reason);
    }
}
