package io.simples.http.internal.http1;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.simples.core.internal.Rejection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Before the HTTP codec, the two clocks of a client that owes the server a request head:
 * <ul>
 *   <li>idle: from the moment the connection opens, or its last response was written with
 *       nothing else to answer, the first byte of the next head must come within the idle
 *       timeout, or the connection closes without a word (a client that opens sockets and
 *       never writes, or keeps them after its last request, holds them only that long);</li>
 *   <li>head: from the first byte of a head, the whole head must arrive within the head timeout,
 *       or the client gets a 408 and the connection closes (a slowloris client that sends one
 *       byte a second is cut off without ever reaching a handler thread).</li>
 * </ul>
 * While a request is read or answered neither runs: the body has its own clock, and a listener
 * may take its time. One scheduled task per connection serves both clocks.
 */
final class HeadTimer extends ChannelInboundHandlerAdapter {

    private final Duration headLimit;
    private final Duration idleLimit;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private boolean inRequest;
    private boolean inHead;
    private boolean idle;
    private long since;

    HeadTimer(Duration headLimit, Duration idleLimit) {
        this.headLimit = headLimit;
        this.idleLimit = idleLimit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idle();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!inRequest && !inHead) {
            inHead = true;
            idle = false;
            since = System.nanoTime();
            schedule(headLimit.toNanos());
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

    /** Everything read so far is answered and the connection stays open: the idle clock starts, unless a head already has. */
    void idle() {
        if (inRequest || inHead || idleLimit.isZero()) {
            return;
        }
        idle = true;
        since = System.nanoTime();
        schedule(idleLimit.toNanos());
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

    /**
     * One clock per connection, not one per request: it is moved on when it rings early. It
     * never waits longer than the head limit, so a head that starts meanwhile is never timed late.
     */
    private void schedule(long delay) {
        if (timer == null) {
            timer = context.executor().schedule(this::check, Math.min(delay, headLimit.toNanos()), TimeUnit.NANOSECONDS);
        }
    }

    /** The clock rang: cut off a head that is too slow or a connection idle too long, or wait for the one in progress, or stop. */
    private void check() {
        timer = null;
        if (!inHead && !idle) {
            return;
        }
        long limit = inHead ? headLimit.toNanos() : idleLimit.toNanos();
        long left = since + limit - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else if (inHead) {
            context.writeAndFlush(new Rejection(408, null).encoded(context.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
