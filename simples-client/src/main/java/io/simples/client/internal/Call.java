package io.simples.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.pool.ChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestEncoder;
import io.netty.handler.stream.ChunkedStream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request on one pooled connection, from acquiring it to releasing it: writes the request,
 * reads the response into its {@link Collector}, keeps the clock, and retries once on a fresh
 * connection when a reused one turns out closed before any answer (idempotent requests only).
 * After the connection is acquired everything runs on its event loop.
 */
final class Call {

    /** Fields up to 16 KiB stay in memory; files are sent from disk as they are. */
    private static final DefaultHttpDataFactory PARTS = new DefaultHttpDataFactory(DefaultHttpDataFactory.MINSIZE);
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final HttpEngine engine;
    private final Outgoing request;
    private final Sink sink;
    private final boolean follow;
    private final Origin origin;
    private final ChannelPool pool;
    private final long timeoutNanos;
    private final CompletableFuture<Received> result = new CompletableFuture<>();
    private Channel channel; // set on its own event loop
    private long lastActivity; // set before the connection is acquired, then on its event loop
    private ScheduledFuture<?> timer; // on the connection's event loop
    private boolean retried;
    // on the connection's event loop, once acquired:
    private CallHandler handler;
    private boolean reused;
    private boolean written;
    private boolean ended;
    private HttpPostRequestEncoder encoder;
    private HttpResponse head;
    private boolean informational;
    private long pendingAtTick = -1; // bytes of the request waiting to go out at the last tick
    private boolean redirect;
    private Collector collector;

    Call(HttpEngine engine, Outgoing request, Sink sink, boolean follow) {
        this.engine = engine;
        this.request = request;
        this.sink = sink;
        this.follow = follow;
        this.origin = Origin.of(request.url());
        this.pool = engine.pool(origin);
        this.timeoutNanos = request.timeout().toNanos();
    }

    CompletableFuture<Received> start() {
        lastActivity = System.nanoTime(); // waiting for a connection counts too (the pool gives up after the client's timeout)
        acquire();
        return result;
    }

    private void acquire() {
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                cancelTimer();
                result.completeExceptionally(Failures.of(acquired.cause(), request.url()));
                return;
            }
            Channel connection = acquired.getNow();
            try {
                connection.eventLoop().execute(() -> begin(connection));
            } catch (RuntimeException rejected) { // the event loops shut down: the client was closed
                result.completeExceptionally(new IOException("the client was closed: " + request.url(), rejected));
            }
        });
    }

    private void begin(Channel connection) {
        if (result.isDone()) { // timed out while waiting for a connection
            pool.release(connection);
            return;
        }
        channel = connection;
        written = false; // a retry starts over
        informational = false;
        head = null;
        collector = null;
        pendingAtTick = -1;
        // the clock first, so that nothing below can leave the call waiting forever; it runs on the connection's own
        // event loop: arming and cancelling it costs no wake-up of another thread
        timer = connection.eventLoop().schedule(this::tick, Math.max(0, timeoutNanos - (System.nanoTime() - lastActivity)),
                TimeUnit.NANOSECONDS);
        handler = connection.pipeline().get(CallHandler.class);
        if (handler == null || !connection.isActive()) {
            // the server closed it between the pool's check and now (its pipeline is gone once it is deregistered):
            // nothing was sent on it, so any request may go again on another, once
            unusable();
            return;
        }
        reused = handler.uses++ > 0;
        handler.attach(this);
        write();
    }

    /** The acquired connection closed before anything was written on it. */
    private void unusable() {
        Throwable tls = failedHandshake();
        if (tls != null) { // its TLS handshake failed: another connection would fail alike
            abort(Failures.of(tls, request.url()));
        } else if (!retried) {
            retry();
        } else {
            abort(new IOException("the connection closed before the request could be sent: " + request.url()));
        }
    }

    // --- the request ---

    private void write() {
        URI url = request.url();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        HttpMethod method = HttpMethod.valueOf(request.method());
        HttpHeaders headers = new DefaultHttpHeaders().add(request.headers());
        headers.set(HttpHeaderNames.HOST, origin.hostHeader());
        engine.addDefaults(headers, url);
        ChannelFuture sent;
        try {
            Body body = request.body();
            if (body instanceof Body.Stream stream) {
                sent = writeStream(method, target, headers, stream);
            } else if (body instanceof Body.Multipart multipart) {
                sent = writeMultipart(method, target, headers, multipart);
            } else {
                sent = writeBytes(method, target, headers, (Body.Bytes) body);
            }
        } catch (HttpPostRequestEncoder.ErrorDataEncoderException | RuntimeException e) {
            abort(new IOException("cannot encode the request body for " + url + ": " + e.getMessage(), e));
            return;
        }
        Channel writing = channel;
        sent.addListener(future -> {
            if (channel != writing) {
                return; // an attempt given up already (a retry closed it)
            }
            if (future.isSuccess()) {
                written = true;
                lastActivity = System.nanoTime();
            } else {
                failed(future.cause());
            }
        });
    }

    private ChannelFuture writeBytes(HttpMethod method, String target, HttpHeaders headers, Body.Bytes bytes) {
        ByteBuf content = bytes.content() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes.content());
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, content,
                headers, new DefaultHttpHeaders());
        if (bytes.content() != null || BODY_METHODS.contains(method.name())) {
            HttpUtil.setContentLength(full, content.readableBytes());
        }
        if (bytes.type() != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, bytes.type());
        }
        return channel.writeAndFlush(full);
    }

    private ChannelFuture writeStream(HttpMethod method, String target, HttpHeaders headers, Body.Stream stream) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target, headers);
        HttpUtil.setTransferEncodingChunked(head, true);
        if (stream.type() != null && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, stream.type());
        }
        channel.write(head);
        return channel.writeAndFlush(new HttpChunkedInput(new ChunkedStream(stream.content())));
    }

    private ChannelFuture writeMultipart(HttpMethod method, String target, HttpHeaders headers, Body.Multipart body)
            throws HttpPostRequestEncoder.ErrorDataEncoderException {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target, headers);
        encoder = new HttpPostRequestEncoder(PARTS, head, true);
        for (Body.Part part : body.parts()) {
            if (part.file() == null) {
                encoder.addBodyAttribute(part.name(), part.value());
            } else {
                encoder.addBodyFileUpload(part.name(), part.file().toFile(), part.type(), false);
            }
        }
        HttpRequest finished = encoder.finalizeRequest();
        if (!encoder.isChunked()) {
            return channel.writeAndFlush(finished);
        }
        channel.write(finished);
        return channel.writeAndFlush(encoder);
    }

    // --- the response, from CallHandler ---

    void read(HttpObject message) {
        try {
            if (ended) {
                return;
            }
            lastActivity = System.nanoTime();
            if (message.decoderResult().isFailure()) {
                abort(Failures.invalid(message.decoderResult().cause(), request.url()));
                return;
            }
            if (message instanceof HttpResponse response) {
                head(response);
            }
            if (message instanceof HttpContent content && !ended) {
                body(content);
            }
        } catch (IOException | RuntimeException e) {
            abort(Failures.of(e, request.url()));
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void head(HttpResponse response) throws IOException {
        int status = response.status().code();
        if (status >= 100 && status < 200 && status != 101) {
            informational = true; // 100 Continue, 103 Early Hints: the real answer follows
            return;
        }
        head = response;
        engine.keepCookies(request.url(), response.headers());
        redirect = follow && HttpEngine.redirectTarget(request, status, response.headers()) != null;
        collector = redirect ? Collector.DISCARD : Collector.of(sink, channel);
        if (!redirect && sink instanceof Sink.ToSubscriber) {
            result.complete(received(Collector.NOTHING)); // the body flows to the subscriber from here
        }
    }

    private void body(HttpContent content) throws IOException {
        if (informational) {
            informational = !(content instanceof LastHttpContent);
            return;
        }
        collector.add(content.content());
        if (content instanceof LastHttpContent) {
            byte[] body = collector.end();
            // the connection goes back to the pool only when both sides meant to keep it and the request is all out
            // (and never after a 101 or a CONNECT: the connection speaks another protocol then)
            release(written && HttpUtil.isKeepAlive(head) && head.status().code() != 101
                    && !request.method().equals("CONNECT")
                    && !request.headers().containsValue(HttpHeaderNames.CONNECTION, "close", true));
            result.complete(received(body));
        }
    }

    private Received received(byte[] body) {
        return new Received(head.status().code(), head.headers(), body,
                sink instanceof Sink.ToFile file && !redirect ? file.file() : null, request.url());
    }

    /** The connection closed under this call (CallHandler). */
    void closed() {
        if (ended) {
            return;
        }
        Throwable tls = failedHandshake();
        if (tls != null) {
            abort(Failures.of(tls, request.url()));
            return;
        }
        if (head == null && mayRetry()) {
            retry();
            return;
        }
        abort(new IOException((head == null ? "the connection closed before a response came: "
                : "the connection closed before the response ended: ") + request.url()));
    }

    /** Writing or reading failed (CallHandler, a write listener). */
    void failed(Throwable cause) {
        if (ended) {
            return;
        }
        Throwable tls = failedHandshake();
        if (tls != null) {
            cause = tls; // a write failed because the handshake did: that is the reason
        }
        if (head == null && cause instanceof IOException && mayRetry()) {
            retry();
            return;
        }
        abort(Failures.of(cause, request.url()));
    }

    /** Why the TLS handshake of this connection failed, or null (no TLS, not failed). */
    private Throwable failedHandshake() {
        Future<Channel> handshake = channel.attr(ClientChannels.HANDSHAKE).get(); // the pipeline may be gone
        if (handshake == null || !handshake.isDone() || handshake.isSuccess()) {
            return null;
        }
        return handshake.cause();
    }

    /** A reused connection the server had closed meanwhile: worth one more try on a fresh one, if sending twice does no harm. */
    private boolean mayRetry() {
        return reused && !retried && request.idempotent() && !result.isDone();
    }

    private void retry() {
        retried = true;
        cancelTimer();
        detach();
        Channel stale = channel;
        channel = null; // before closing it: the failed write's listener must not see this call as its own
        stale.close();
        pool.release(stale);
        acquire();
    }

    /** The clock, on the connection's event loop. */
    private void tick() {
        if (ended || channel == null) {
            return;
        }
        if (!channel.config().isAutoRead()) {
            lastActivity = System.nanoTime(); // a subscriber that asks for nothing more: the wait is its own, not the server's
        }
        if (!written && channel.unsafe().outboundBuffer() != null) { // a body still going out: progress is activity
            long pending = channel.unsafe().outboundBuffer().totalPendingWriteBytes();
            if (pending != pendingAtTick) {
                pendingAtTick = pending;
                lastActivity = System.nanoTime();
            }
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle < timeoutNanos) {
            timer = channel.eventLoop().schedule(this::tick, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        HttpTimeoutException timeout = new HttpTimeoutException((head == null ? "no response" : "no more of the response")
                + " from " + request.url() + " within " + request.timeout().toMillis() + " ms");
        abort(timeout);
    }

    /** Ends the call with {@code failure}; the connection is closed: nothing more on it can be trusted. */
    private void abort(Throwable failure) {
        if (ended) {
            return;
        }
        if (collector != null) {
            collector.fail(failure);
        }
        result.completeExceptionally(failure);
        if (channel != null) {
            channel.close();
            release(false);
        } else {
            ended = true;
            cancelTimer();
        }
    }

    private void release(boolean keepAlive) {
        ended = true;
        cancelTimer();
        detach();
        if (keepAlive) {
            channel.config().setAutoRead(true);
        } else {
            channel.close();
        }
        pool.release(channel);
    }

    private void detach() {
        if (encoder != null) {
            encoder.cleanFiles();
            encoder = null;
        }
        if (handler != null) {
            handler.detach();
            handler = null;
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
