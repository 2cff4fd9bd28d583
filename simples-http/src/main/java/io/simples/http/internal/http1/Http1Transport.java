package io.simples.http.internal.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.RequestHead;
import io.simples.http.Limits;
import io.simples.http.internal.Application;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.ChannelTransport;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP connection's pipeline: takes whole requests from the codec and
 * answers them one at a time, in the order they came (HTTP/1.1 pipelining), each on a handler
 * thread. While a request is being answered, reading stops and later requests wait here, so a
 * connection holds at most what one socket read decoded.
 *
 * <p>Threads: everything here but {@link #awaitWritable()} and {@link #idleTimeout} runs on the
 * connection's event loop; those two are called from handler threads and only read volatile
 * state or hand work to the event loop.
 */
final class Http1Transport extends ChannelTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Transport.class);

    private final Application application;
    private final String scheme;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private Executor handlers;
    private FullHttpRequest current;
    private boolean paused; // reading stopped while pipelined requests wait
    private boolean refused; // a request was refused: the connection closes, nothing more is answered

    private final InFlight inFlight;

    private final Limits limits;
    private final HeadTimer headTimer;
    private boolean overflowed; // more requests came than may wait: the connection closes after those waiting
    private boolean inputClosed; // the client half-closed: answer what came, then close
    private volatile boolean lastAnswer; // the current request is the last this connection answers
    private volatile boolean keepAlive; // the current answer leaves the connection open for the next request
    private volatile ChannelFuture streamed; // the last head or piece streamed: an abort closes once it is written

    Http1Transport(Application application, boolean secure, InFlight inFlight, Limits limits, HeadTimer headTimer) {
        this.limits = limits;
        this.headTimer = headTimer;
        this.application = application;
        this.inFlight = inFlight;
        this.scheme = secure ? "https" : "http";
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        handlers = Handoff.of(ctx.executor(), application.handlers());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof FullHttpRequest request) || refused) {
            ReferenceCountUtil.release(message); // nothing after a refused request is answered
            return;
        }
        if (current != null) {
            if (waiting.size() >= limits.pipelined()) {
                request.release(); // a client that sends without reading: answer those waiting, then close
                overflowed = true;
                return;
            }
            waiting.add(request);
            if (!paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        start(request);
    }

    private void start(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            request.release();
            refuse(result.cause(), request.headers());
            return;
        }
        current = request;
        lastAnswer = (overflowed || inputClosed) && waiting.isEmpty();
        keepAlive = HttpUtil.isKeepAlive(request);
        inFlight.enter();
        handlers.execute(new Exchange(application, new RequestHead(request, context.channel(), scheme), request, this, limits));
    }

    /** Answers a request the codec could not parse, and closes: the rest of the stream cannot be trusted. */
    private void refuse(Throwable cause, io.netty.handler.codec.http.HttpHeaders request) {
        refused = true;
        LOG.debug("refusing a request from {}: {}", context.channel().remoteAddress(), cause.toString());
        releaseWaiting();
        context.writeAndFlush(Rejection.ofHttp(cause).response(request)).addListener(LingeringClose.AFTER_WRITE);
    }

    @Override
    public String version(HttpRequest request) {
        return request.protocolVersion().text();
    }

    // --- HTTP/1.1 framing: what a response's messages become on this connection ---

    @Override
    public void send(HttpResponse head, ByteBuf body) {
        lengthOf(head, body);
        DefaultFullHttpResponse whole = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), body, head.headers(),
                EmptyHttpHeaders.INSTANCE);
        frame(whole);
        end(whole);
    }

    @Override
    public void sendHead(HttpResponse head) {
        if (!head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (current.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                keepAlive = false; // no chunks in HTTP/1.0: the end of the body is the end of the connection
            } else {
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        frame(head);
        streamed = context.writeAndFlush(head);
    }

    @Override
    public void sendPiece(ByteBuf piece) {
        streamed = context.writeAndFlush(new DefaultHttpContent(piece));
    }

    /** The last piece: {@code last} itself, or the empty last piece (releasing {@code last}) when it holds nothing. */
    @Override
    public void sendLast(ByteBuf last) {
        if (last.isReadable()) {
            end(new DefaultLastHttpContent(last));
        } else {
            last.release();
            end(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    @Override
    public void sendFile(HttpResponse head, RandomAccessFile file, long offset, long length) {
        frame(head);
        context.write(head, context.voidPromise());
        ChannelFuture done;
        if (context.pipeline().get(ChunkedWriteHandler.class) == null) { // zero-copy (HttpPipeline adds it for TLS and in-process)
            context.write(new DefaultFileRegion(file.getChannel(), offset, length), context.voidPromise());
            done = context.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            done = context.writeAndFlush(new HttpChunkedInput(pieces(file, offset, length)));
        }
        boolean open = keepAlive;
        done.addListener(written -> responseDone(open && written.isSuccess()));
    }

    /**
     * The head's connection management: {@code Connection: close} when this answer is the
     * connection's last (the listener said so, the client asked for it, the server is stopping,
     * the client half-closed), {@code keep-alive} for an HTTP/1.0 client that keeps it.
     */
    private void frame(HttpResponse head) {
        HttpHeaders headers = head.headers();
        if (HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(headers.get(HttpHeaderNames.CONNECTION))
                || inFlight.draining() || lastAnswer) {
            keepAlive = false;
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (current.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Writes the last part of an answer; once it is out, the next request, or the close. */
    private void end(HttpObject last) {
        boolean open = keepAlive;
        context.writeAndFlush(last).addListener(written -> responseDone(open && written.isSuccess()));
    }

    /** Called when the response of the current request was written. */
    private void responseDone(boolean keepAlive) {
        if (context.executor().inEventLoop()) {
            next(keepAlive);
        } else {
            context.executor().execute(() -> next(keepAlive));
        }
    }

    private void next(boolean keepAlive) {
        if (current == null) {
            return;
        }
        current.release();
        current = null;
        inFlight.leave();
        if (!keepAlive || !context.channel().isActive() || (waiting.isEmpty() && (overflowed || inputClosed))) {
            releaseWaiting();
            context.close();
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request != null) {
            start(request);
            return;
        }
        if (paused) {
            paused = false;
            context.channel().config().setAutoRead(true);
        }
        headTimer.idle();
    }

    /**
     * Hands the connection to another protocol (a WebSocket): on the event loop, the HTTP
     * handlers leave the pipeline and {@code takeover} gets the current request, which it then
     * owns. Requests pipelined after an upgrade request are dropped.
     */
    @Override
    public void upgrade(Runnable takeover) {
        context.executor().execute(() -> {
            if (current == null || !context.channel().isActive()) {
                return;
            }
            current = null;
            inFlight.leave();
            releaseWaiting();
            var pipeline = context.pipeline();
            // flush consolidation pays for pipelined HTTP; WebSocket frames are flushed one by one
            for (String name : PipelineNames.HTTP_ONLY) {
                if (pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            pipeline.remove(this);
            takeover.run();
            context.channel().config().setAutoRead(true);
            if (inputClosed) { // the client half-closed during the hand-over: the new protocol must hear it too
                pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
        });
    }

    /**
     * Closes the connection in the middle of a streamed answer, once what was streamed so far is
     * written: on io_uring a write is still in flight when a close queued after it runs (epoll has
     * written it by then), and a close fails what is in flight. A client that reads nothing more is
     * closed on after {@link LingeringClose#LINGER_MILLIS} all the same.
     */
    @Override
    public void abort() {
        ChannelFuture last = streamed;
        if (last == null || last.isDone()) {
            context.close();
            responseDone(false);
            return;
        }
        last.addListener(written -> { // on the loop, whether it was written or failed
            context.close();
            next(false);
        });
        context.executor().schedule((Runnable) context::close, LingeringClose.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void idleTimeout(Duration duration) {
        context.executor().execute(() -> {
            if (context.pipeline().get(PipelineNames.IDLE) != null) {
                context.pipeline().remove(PipelineNames.IDLE);
            }
            if (duration.isZero()) {
                return;
            }
            context.pipeline().addBefore(context.name(), PipelineNames.IDLE,
                    new IdleStateHandler(0, 0, duration.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HttpServerUpgradeHandler.UpgradeEvent upgrade) {
            upgrade.release(); // the connection speaks HTTP/2 now (Upgrade: h2c): the HTTP/1.1 handlers go
            for (String name : new String[] {PipelineNames.HEAD_TIMER, PipelineNames.BODY, PipelineNames.CHUNKED}) {
                if (ctx.pipeline().get(name) != null) {
                    ctx.pipeline().remove(name);
                }
            }
            ctx.pipeline().remove(this);
        } else if (event instanceof IdleStateEvent) {
            LOG.debug("closing {} after its idle timeout", ctx.channel().remoteAddress());
            ctx.close();
        } else if (event instanceof ChannelInputShutdownEvent) {
            // the client sent all it will (a half-close): answer what came, then close
            inputClosed = true;
            if (current == null && waiting.isEmpty()) {
                ctx.close();
            } else if (waiting.isEmpty()) {
                lastAnswer = true;
                // an event stream would wait for ever: its client only learns of a stream's end by
                // reading, and browsers never half-close, so a client that did is gone
                io.simples.http.internal.OpenEnded.endAll(ctx.channel());
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writability.released();
        releaseWaiting();
        // a request being answered is released when its handler ends the response: the write
        // fails on the closed channel, and responseDone follows as usual
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void releaseWaiting() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }
}
