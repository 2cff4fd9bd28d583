package io.simples.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.HttpDate;
import io.simples.core.internal.RequestHead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
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
final class HttpChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChannelHandler.class);
    static final String IDLE = "idle";

    private final Server server;
    private final String scheme;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private Executor handlers;
    private FullHttpRequest current;
    private boolean paused; // reading stopped while pipelined requests wait
    private boolean refused; // a request was refused: the connection closes, nothing more is answered
    private volatile CompletableFuture<Void> writable = CompletableFuture.completedFuture(null);

    private final InFlight inFlight;

    private final Limits limits;
    private final HeadTimer headTimer;
    private boolean overflowed; // more requests came than may wait: the connection closes after those waiting
    private boolean inputClosed; // the client half-closed: answer what came, then close
    private volatile boolean lastAnswer; // the current request is the last this connection answers

    HttpChannelHandler(Server server, boolean secure, InFlight inFlight, Limits limits, HeadTimer headTimer) {
        this.limits = limits;
        this.headTimer = headTimer;
        this.server = server;
        this.inFlight = inFlight;
        this.scheme = secure ? "https" : "http";
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        handlers = Handoff.of(ctx.executor(), server.handlers());
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
            refuse(result.cause());
            return;
        }
        current = request;
        lastAnswer = (overflowed || inputClosed) && waiting.isEmpty();
        inFlight.enter();
        RequestHead head = new RequestHead(request, context.channel(), scheme);
        Response response = new Response(context.channel(), request, this);
        HTTPConnection connection = new HTTPConnection(head, request, response, server, this);
        handlers.execute(new Exchange(server, connection));
    }

    /** Answers a request the codec could not parse, and closes: the rest of the stream cannot be trusted. */
    private void refuse(Throwable cause) {
        refused = true;
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof Refusal body ? HttpResponseStatus.valueOf(body.status)
                : HttpResponseStatus.BAD_REQUEST;
        LOG.debug("refusing a request from {}: {}", context.channel().remoteAddress(), cause.toString());
        String text = status.code() + " " + status.reasonPhrase()
                + (cause instanceof Refusal ? ": " + cause.getMessage() : "");
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.DATE, HttpDate.now());
        releaseWaiting();
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Called on the event loop when the response of the current request was written. */
    void responseDone(boolean keepAlive) {
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
    void upgrade(Runnable takeover) {
        context.executor().execute(() -> {
            if (current == null || !context.channel().isActive()) {
                return;
            }
            current = null;
            inFlight.leave();
            releaseWaiting();
            var pipeline = context.pipeline();
            // flush consolidation pays for pipelined HTTP; WebSocket frames are flushed one by one
            for (String name : new String[]{"flush", "head-timer", "body", "chunked", IDLE}) {
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

    /** Closes the connection at once (a response that cannot be finished); the request is done. */
    void abort() {
        context.close();
        responseDone(false);
    }

    /** The limits of the listener this connection came through. */
    Limits limits() {
        return limits;
    }

    /** True when called on this connection's event loop. */
    boolean onEventLoop() {
        return context.executor().inEventLoop();
    }

    /** False once the server is stopping, or when this is the connection's last answer: responses then close it. */
    boolean acceptsMore() {
        return !inFlight.draining() && !lastAnswer;
    }

    /** Blocks a handler thread while the connection's outbound buffer is full (never the event loop). */
    void awaitWritable() {
        if (context.channel().isWritable() || context.executor().inEventLoop()) {
            return;
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        writable = wait;
        if (context.channel().isWritable() || !context.channel().isActive()) {
            wait.complete(null);
        }
        try {
            wait.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            abort();
            throw new IllegalStateException("the client stopped reading the response", e);
        }
    }

    /** Closes the connection after {@code duration} without reads or writes. */
    void idleTimeout(Duration duration) {
        context.executor().execute(() -> {
            if (context.pipeline().get(IDLE) != null) {
                context.pipeline().remove(IDLE);
            }
            context.pipeline().addBefore(context.name(), IDLE,
                    new IdleStateHandler(0, 0, duration.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writable.complete(null);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.debug("closing {} after its idle timeout", ctx.channel().remoteAddress());
            ctx.close();
        } else if (event instanceof ChannelInputShutdownEvent) {
            // the client sent all it will (a half-close): answer what came, then close
            inputClosed = true;
            if (current == null && waiting.isEmpty()) {
                ctx.close();
            } else if (waiting.isEmpty()) {
                lastAnswer = true;
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writable.complete(null);
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
