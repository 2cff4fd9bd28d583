package io.simples.http.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1's idle limit for an HTTP/2 connection: closed (with {@code GOAWAY}, by the frame codec)
 * once nothing was read or written for {@code Limits.idleTimeout} while it had no open stream. A
 * stream that is slow to answer (a long poll) keeps its connection.
 */
final class Http2Idle extends IdleStateHandler {

    private final Http2FrameCodec codec;

    Http2Idle(Duration limit, Http2FrameCodec codec) {
        super(0, 0, limit.toMillis(), TimeUnit.MILLISECONDS);
        this.codec = codec;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.close();
        }
    }
}
