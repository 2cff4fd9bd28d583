package io.simples.http.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code Limits.headTimeout} for HTTP/2: a header block begun (HEADERS without END_HEADERS) must
 * end (a CONTINUATION with END_HEADERS) within it, or the connection closes. A block in progress
 * is no stream yet, so neither the idle timeout nor the stream limits see it; and while it lasts
 * the client may send nothing else, so a client that drips one byte of CONTINUATION now and then
 * would hold the connection for hours. Sits before the frame codec and reads only the 9-byte frame
 * headers of the bytes going by (after the 24-byte client preface), skipping every payload: it
 * copies and holds nothing.
 */
final class HeaderBlockClock extends ChannelInboundHandlerAdapter {

    private static final int FRAME_HEADER = 9;
    private static final int HEADERS = 0x1;
    private static final int PUSH_PROMISE = 0x5;
    private static final int CONTINUATION = 0x9;
    private static final int END_HEADERS = 0x4;

    private final long timeoutNanos;
    private int prefaceLeft = Http2CodecUtil.connectionPrefaceBuf().readableBytes();
    private final byte[] header = new byte[FRAME_HEADER];
    private int headerFilled;
    private long payloadLeft;
    private Future<?> deadline;

    /** {@code timeout}: {@code Limits.headTimeout}, always positive. */
    HeaderBlockClock(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof ByteBuf bytes) {
            follow(ctx, bytes);
        }
        ctx.fireChannelRead(message);
    }

    private void follow(ChannelHandlerContext ctx, ByteBuf bytes) {
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (at < end) {
            if (prefaceLeft > 0 || payloadLeft > 0) {
                int skipped = (int) Math.min(end - at, prefaceLeft > 0 ? prefaceLeft : payloadLeft);
                if (prefaceLeft > 0) {
                    prefaceLeft -= skipped;
                } else {
                    payloadLeft -= skipped;
                }
                at += skipped;
                continue;
            }
            header[headerFilled++] = bytes.getByte(at++);
            if (headerFilled == FRAME_HEADER) {
                headerFilled = 0;
                payloadLeft = (header[0] & 0xffL) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                frame(ctx, header[3] & 0xff, header[4] & 0xff);
            }
        }
    }

    private void frame(ChannelHandlerContext ctx, int type, int flags) {
        boolean ends = (flags & END_HEADERS) != 0;
        if ((type == HEADERS || type == PUSH_PROMISE) && !ends && deadline == null) {
            deadline = ctx.executor().schedule(() -> {
                ctx.channel().close(); // through the frame codec: a GOAWAY, then the close
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        } else if (type == CONTINUATION && ends && deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
