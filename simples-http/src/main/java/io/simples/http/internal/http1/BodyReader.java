package io.simples.http.internal.http1;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.simples.core.internal.Rejection;
import io.simples.http.Limits;
import io.simples.http.internal.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * After the HTTP codec: reads each request body within the {@link Limits} and passes on one
 * whole request. An ordinary body is gathered in memory (up to {@code bodySize}); a multipart
 * body is decoded as it arrives, its files written to disk (up to {@code uploadSize} in all), so
 * a 100 MiB upload costs the heap almost nothing. {@code Expect: 100-continue} is answered
 * before the body comes (413 when the announced length is too big, 417 for other
 * expectations). A body that breaks a limit, cannot be decoded or stalls past the body timeout
 * is passed on as a failed request (413, 400, 408), and the rest of it is discarded.
 */
public final class BodyReader extends ChannelInboundHandlerAdapter {

    private static final int IN_MEMORY_PART = 16 * 1024;

    private final Limits limits;
    private final HeadTimer headTimer;
    private final String uploads;
    private HttpRequest head;
    private CompositeByteBuf body;
    private HttpPostRequestDecoder multipart;
    private long received;
    private boolean discarding;
    private ScheduledFuture<?> bodyTimer;
    private ChannelHandlerContext context;

    /** A reader for an HTTP/2 stream: no head timer (a stream has one request, and the connection's clock is HTTP/2's). */
    public BodyReader(Limits limits, String uploads) {
        this(limits, null, uploads);
    }

    /** A reader with {@code limits}; {@code headTimer} is told of heads and ends, when there is one. */
    BodyReader(Limits limits, HeadTimer headTimer, String uploads) {
        this.limits = limits;
        this.headTimer = headTimer;
        this.uploads = uploads;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            if (headTimer != null) {
                headTimer.headComplete();
            }
            start(ctx, request);
        }
        if (message instanceof HttpContent content) {
            try {
                if (!discarding && head != null) {
                    receive(ctx, content);
                }
            } finally {
                content.release();
            }
            if (message instanceof LastHttpContent) {
                discarding = false;
                if (headTimer != null) {
                    headTimer.requestComplete();
                }
            }
        } else if (!(message instanceof HttpRequest)) {
            ReferenceCountUtil.release(message);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            pass(ctx, failed(request, request.decoderResult().cause()));
            discarding = true;
            return;
        }
        Rejection broken = HeadRules.check(request);
        if (broken != null) {
            refuse(ctx, request, broken);
            return;
        }
        boolean upload = HttpPostRequestDecoder.isMultipart(request);
        long limit = upload ? limits.uploadSize() : limits.bodySize();
        long announced = HttpUtil.getContentLength(request, -1L);
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            refuseNow(ctx, new Rejection(417, "only 100-continue can be expected"));
            return;
        }
        if (announced > limit) {
            if (HttpUtil.is100ContinueExpected(request)) {
                refuseNow(ctx, Rejection.tooLarge("the body", limit));
                return;
            }
            refuse(ctx, request, Rejection.tooLarge("the body", limit));
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
            request.headers().remove(HttpHeaderNames.EXPECT);
        }
        head = request;
        received = 0;
        if (upload) {
            DefaultHttpDataFactory factory = new DefaultHttpDataFactory(IN_MEMORY_PART);
            factory.setBaseDir(uploads);
            factory.setDeleteOnExit(false);
            factory.setMaxLimit(limits.uploadSize());
            try {
                multipart = new HttpPostRequestDecoder(factory, request, StandardCharsets.UTF_8, limits.parts(),
                        limits.fieldSize());
            } catch (RuntimeException e) {
                refuse(ctx, request, new Rejection(400, "the multipart body cannot be read: " + e.getMessage()));
                return;
            }
        } else if (announced > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        } else {
            return; // no body: no buffer, no clock (the empty last content follows at once)
        }
        armBodyTimer(ctx);
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuse(ctx, head, new Rejection(400, "the body is malformed: " + content.decoderResult().cause().getMessage()));
            return;
        }
        received += content.content().readableBytes();
        long limit = multipart != null ? limits.uploadSize() : limits.bodySize();
        if (received > limit) {
            refuse(ctx, head, Rejection.tooLarge("the body", limit));
            return;
        }
        if (multipart != null) {
            try {
                multipart.offer(content);
                checkParts();
            } catch (Rejection e) {
                refuse(ctx, head, e);
                return;
            } catch (HttpPostRequestDecoder.TooManyFormFieldsException e) {
                refuse(ctx, head, new Rejection(413, "more than " + limits.parts() + " parts"));
                return;
            } catch (HttpPostRequestDecoder.TooLongFormFieldException e) {
                refuse(ctx, head, Rejection.tooLarge("a field", limits.fieldSize()));
                return;
            } catch (RuntimeException e) {
                refuse(ctx, head, new Rejection(400, "the multipart body is malformed: " + e));
                return;
            }
        } else if (content.content().isReadable()) {
            if (body == null) {
                body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            body.addComponent(true, content.content().retain());
        }
        if (content instanceof LastHttpContent) {
            complete(ctx);
        } else {
            armBodyTimer(ctx);
        }
    }

    /** The decoder counts parts itself (maxFields); a file being written is checked against the upload size. */
    private void checkParts() {
        InterfaceHttpData partial = multipart.currentPartialHttpData();
        if (partial instanceof FileUpload file && file.length() > limits.uploadSize()) {
            throw Rejection.tooLarge("a file", limits.uploadSize());
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        cancelBodyTimer();
        FullHttpRequest whole;
        if (multipart != null) {
            if (multipart.currentPartialHttpData() != null) {
                HttpRequest request = head;
                destroyMultipart();
                pass(ctx, failed(request, new Rejection(400, "the multipart body ends in the middle of a part")));
                head = null;
                return;
            }
            whole = new UploadRequest(head, multipart);
            multipart = null;
        } else {
            whole = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                    body != null ? body : Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE);
            body = null;
        }
        head = null;
        pass(ctx, whole);
    }

    /** Passes a failed request on (answered in order by the channel handler, which then closes) and drops the rest. */
    private void refuse(ChannelHandlerContext ctx, HttpRequest request, Rejection reason) {
        cancelBodyTimer();
        releaseBody();
        head = null;
        discarding = true;
        pass(ctx, failed(request, reason));
    }

    /** Answers at once (the client waits for it before sending the body) and closes. */
    private void refuseNow(ChannelHandlerContext ctx, Rejection rejection) {
        discarding = true;
        ctx.writeAndFlush(rejection.response()).addListener(LingeringClose.AFTER_WRITE);
    }

    private void armBodyTimer(ChannelHandlerContext ctx) {
        cancelBodyTimer();
        bodyTimer = ctx.executor().schedule(() -> {
            bodyTimer = null;
            if (head != null) {
                refuse(ctx, head, new Rejection(408, "the body stalled for " + limits.bodyTimeout().toSeconds() + " s"));
            }
        }, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelBodyTimer() {
        if (bodyTimer != null) {
            bodyTimer.cancel(false);
            bodyTimer = null;
        }
    }

    private static FullHttpRequest failed(HttpRequest request, Throwable cause) {
        DefaultFullHttpRequest failed = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.buffer(0), request.headers(),
                io.netty.handler.codec.http.DefaultHttpHeadersFactory.trailersFactory().newHeaders());
        failed.setDecoderResult(DecoderResult.failure(cause));
        return failed;
    }

    private void pass(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.fireChannelRead(request);
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        destroyMultipart();
    }

    private void destroyMultipart() {
        if (multipart != null) {
            multipart.destroy();
            multipart = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelBodyTimer();
        releaseBody();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelBodyTimer();
        releaseBody();
    }
}
