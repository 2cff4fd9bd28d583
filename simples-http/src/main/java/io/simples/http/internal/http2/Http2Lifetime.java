package io.simples.http.internal.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When an HTTP/2 connection ends besides a GOAWAY: after {@code Limits.idleTimeout} without
 * a frame from the client while it has no open stream (the frame codec then says GOAWAY), and when the client
 * ends its side of the TCP connection. HTTP/1.1 connections accept a half-close (a client may
 * shut its side and still read its answer); HTTP/2 has its own way to say it is done, so a FIN
 * is the end: the connection closes at once (no graceful wait for its streams: a stream waiting
 * for a window could wait forever, since the client can send no WINDOW_UPDATE any more), its
 * streams are reset and their responses abandoned.
 */
final class Http2Lifetime extends IdleStateHandler {

    private final Http2FrameCodec codec;

    /**
     * {@code idle} zero: no idle limit. The clock counts reads only: the connection is closed only
     * when it has no open stream, and then nothing is being written (a write clock would put a
     * listener on every frame).
     */
    Http2Lifetime(Duration idle, Http2FrameCodec codec) {
        super(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.codec = codec;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            // at once: a graceful close would wait for the open streams, and one waiting for a window
            // the client can no longer open (it sends nothing more) would hold the connection until the timeout
            codec.gracefulShutdownTimeoutMillis(0);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
