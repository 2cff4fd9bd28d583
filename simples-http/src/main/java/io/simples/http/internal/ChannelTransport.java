package io.simples.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.stream.ChunkedFile;
import io.simples.core.internal.Writability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;

/**
 * What a {@link Transport} that is the last handler of a Netty channel does alike whatever its
 * protocol: its allocator and thread, a body's length, a file read in pieces, waiting while the
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

    /** Gives {@code head} the length of {@code body} when its status bears a body and it says no length of its own. */
    protected static void lengthOf(HttpResponse head, ByteBuf body) {
        int status = head.status().code();
        if (status >= 200 && status != 204 && status != 304 && !head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
    }

    /** {@code length} bytes of {@code file} from {@code offset}, read 16 KiB at a time as the channel can take them. */
    protected static ChunkedFile pieces(RandomAccessFile file, long offset, long length) {
        try {
            return new ChunkedFile(file, offset, length, 16 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    public long backlog() {
        io.netty.channel.Channel channel = context.channel();
        return channel.isWritable() ? 0 : channel.bytesBeforeWritable();
    }

    @Override
    public Runnable every(java.time.Duration period, Runnable task) {
        long millis = period.toMillis();
        io.netty.util.concurrent.Future<?> scheduled =
                context.executor().scheduleAtFixedRate(task, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        context.channel().closeFuture().addListener(closed -> scheduled.cancel(false));
        return () -> scheduled.cancel(false);
    }

    @Override
    public Runnable openEnded(Runnable end) {
        return OpenEnded.add(context.channel(), end);
    }

    @Override
    public Runnable onClose(Runnable action) {
        io.netty.util.concurrent.GenericFutureListener<ChannelFuture> listener = closed -> action.run();
        ChannelFuture closing = context.channel().closeFuture();
        closing.addListener(listener);
        return () -> closing.removeListener(listener);
    }
}
