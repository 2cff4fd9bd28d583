package io.simples.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.simples.core.internal.Writability;

/**
 * What a {@link Transport} that is the last handler of a Netty channel does alike whatever its
 * protocol: its allocator and thread, a piece of a body written as it comes, waiting while the
 * client does not read, hearing of the channel's close. The protocols differ in how a response
 * begins and ends, and in what a connection (or a stream) does between requests.
 */
public abstract class ChannelTransport extends ChannelInboundHandlerAdapter implements Transport {

    protected ChannelHandlerContext context;
    protected Writability writability;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        writability = new Writability(ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writability.changed();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public ByteBufAllocator alloc() {
        return context.alloc();
    }

    @Override
    public void sendPiece(ByteBuf piece) {
        context.writeAndFlush(new DefaultHttpContent(piece), context.voidPromise());
    }

    @Override
    public void awaitWritable() {
        if (!writability.await()) {
            abort();
            throw new IllegalStateException("the client stopped reading the response");
        }
    }

    @Override
    public boolean onIoThread() {
        return context.executor().inEventLoop();
    }

    @Override
    public void onIoThread(Runnable task) {
        context.executor().execute(task);
    }

    @Override
    public Runnable onClose(Runnable action) {
        io.netty.util.concurrent.GenericFutureListener<ChannelFuture> listener = closed -> action.run();
        ChannelFuture closing = context.channel().closeFuture();
        closing.addListener(listener);
        return () -> closing.removeListener(listener);
    }
}
