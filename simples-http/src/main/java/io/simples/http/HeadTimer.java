package io.simples.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Before the HTTP codec: from the first byte of a request head, the whole head must arrive
 * within the limit, or the client gets a 408 and the connection closes. A slowloris client that
 * sends one byte a second is cut off without ever reaching a handler thread. Idle keep-alive
 * connections are not timed here (no bytes, no clock).
 */
final class HeadTimer extends ChannelInboundHandlerAdapter {

    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain;charset=utf-8\r\n"
            + "content-length: 19\r\nconnection: close\r\n\r\n408 Request Timeout").getBytes(StandardCharsets.US_ASCII);

    private final Duration limit;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private boolean inRequest;
    private boolean inHead;
    private long headStarted;

    HeadTimer(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!inRequest && !inHead) {
            inHead = true;
            headStarted = System.nanoTime();
            if (timer == null) { // one clock per connection, not one per request
                timer = ctx.executor().schedule(this::check, limit.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(message);
    }

    /** The head arrived (the body reader saw it): the clock stops until the next request. */
    void headComplete() {
        inRequest = true;
        inHead = false;
    }

    /** The whole request arrived: the next bytes start a new head. */
    void requestComplete() {
        inRequest = false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** The clock rang: cut off a head that is too slow, or wait for the one in progress, or stop. */
    private void check() {
        timer = null;
        if (!inHead) {
            return;
        }
        long left = headStarted + limit.toNanos() - System.nanoTime();
        if (left > 0) {
            timer = context.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        context.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
