package io.simples.http.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataChunkedInput;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.RequestHead;
import io.simples.http.Limits;
import io.simples.http.internal.Application;
import io.simples.http.internal.ChannelTransport;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.http1.BodyReader;
import io.simples.http.internal.http1.HeadRules;
import io.simples.http.internal.http1.HttpPipeline;
import io.simples.http.internal.http1.InFlight;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * The last handler of an HTTP/2 stream's pipeline: takes the stream's one request, whole, and
 * answers it on a handler thread through the same exchange as an HTTP/1.1 request (a request
 * without a body straight from its HEADERS frame, one with a body through Netty's stream codec and
 * our {@code BodyReader}). Framing is HTTP/2's: the response's head becomes a HEADERS frame
 * ({@link Http2Heads}), its body DATA frames, and the stream ends with the last of them. A body
 * goes out as the stream's window lets it (a file in 16 KiB pieces: no zero-copy under HTTP/2's
 * framing), so a reader that does not open its window holds the writer, never the heap. Keep-alive and {@code Connection} do not exist here.
 */
final class Http2Transport extends ChannelTransport implements ChannelFutureListener {

    private final Application application;
    private final InFlight inFlight;
    private final Limits limits;
    private final String scheme;
    private FullHttpRequest current;
    private boolean headSeen;

    Http2Transport(Application application, InFlight inFlight, Limits limits, boolean secure) {
        this.application = application;
        this.inFlight = inFlight;
        this.limits = limits;
        this.scheme = secure ? "https" : "http";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof Http2HeadersFrame head && !headSeen) {
            headSeen = true;
            if (head.isEndStream() && Http2Heads.plain(head.headers())) {
                answer(ctx, head);
            } else {
                readBody(ctx, head); // a body, an Expect or a multipart type: BodyReader's, as on HTTP/1.1
            }
        } else if (message instanceof FullHttpRequest request && current == null) {
            answer(ctx, request);
        } else {
            ReferenceCountUtil.release(message); // a stream carries one request
        }
    }

    /** A request without a body, the common case, read straight from its header block. */
    private void answer(ChannelHandlerContext ctx, Http2HeadersFrame head) {
        FullHttpRequest request = Http2Heads.request(head.headers());
        if (request == null) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            return;
        }
        Rejection broken = HeadRules.check(request);
        if (broken != null) {
            current = request;
            inFlight.enter();
            FullHttpResponse refusal = broken.response(request.headers());
            send(refusal, refusal.content());
            return;
        }
        start(ctx, request);
    }

    /**
     * A request with a body (or an {@code Expect}, or a multipart type): Netty's stream codec and the {@link BodyReader} HTTP/1.1 uses (limits,
     * multipart to disk, {@code Expect}) join the stream before this handler, and the head goes
     * through them; the whole request comes back here.
     */
    private void readBody(ChannelHandlerContext ctx, Http2HeadersFrame head) {
        ctx.pipeline().addBefore(ctx.name(), PipelineNames.CODEC, new Http2RequestCodec());
        ctx.pipeline().addBefore(ctx.name(), PipelineNames.BODY, new BodyReader(limits, HttpPipeline.UPLOADS));
        ctx.pipeline().fireChannelRead(head);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Rejection rejection = Rejection.ofHttp(request.decoderResult().cause());
            request.release();
            ctx.writeAndFlush(rejection.response(request.headers())).addListener(written -> ctx.channel().close());
            return;
        }
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            request.headers().remove(name.text()); // Netty's conversion notes (x-http2-stream-id...) are not the client's headers
        }
        start(ctx, request);
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        current = request;
        inFlight.enter();
        Handoff.of(ctx.executor(), application.handlers())
                .execute(new Exchange(application, new RequestHead(request, ctx.channel(), scheme), request, this, limits));
    }

    /** Said here: Netty would look it up in a per-thread map for every stream. */
    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writability.released();
        ctx.fireChannelInactive();
    }

    // --- HTTP/2 framing: what a response's messages become on this stream, as frames ---

    @Override
    public String version(HttpRequest request) {
        return "HTTP/2"; // Netty's stream codec makes HTTP/1.1 objects of it
    }

    @Override
    public void send(HttpResponse head, ByteBuf body) {
        if (!context.executor().inEventLoop()) { // from a handler thread: one hop to the loop for both frames, not one each
            try {
                context.executor().execute(() -> send(head, body));
            } catch (RejectedExecutionException stopped) { // the loop is gone, and the stream with it
                body.release();
                release();
            }
            return;
        }
        lengthOf(head, body);
        if (body.isReadable()) {
            context.write(new DefaultHttp2HeadersFrame(Http2Heads.response(head)), context.voidPromise());
            end(new DefaultHttp2DataFrame(body, true));
        } else {
            body.release();
            end(new DefaultHttp2HeadersFrame(Http2Heads.response(head), true));
        }
    }

    @Override
    public void sendHead(HttpResponse head) {
        context.writeAndFlush(new DefaultHttp2HeadersFrame(Http2Heads.response(head)), context.voidPromise());
    }

    @Override
    public void sendPiece(ByteBuf piece) {
        context.writeAndFlush(new DefaultHttp2DataFrame(piece, false), context.voidPromise());
    }

    @Override
    public void sendLast(ByteBuf last) {
        end(new DefaultHttp2DataFrame(last, true));
    }

    @Override
    public void sendFile(HttpResponse head, RandomAccessFile file, long offset, long length) {
        if (context.pipeline().get(ChunkedWriteHandler.class) == null) { // only for files: every other write would queue through it
            context.pipeline().addBefore(context.name(), PipelineNames.CHUNKED, new ChunkedWriteHandler());
        }
        context.write(new DefaultHttp2HeadersFrame(Http2Heads.response(head)), context.voidPromise());
        Http2FrameStream stream = ((Http2StreamChannel) context.channel()).stream();
        end(new Http2DataChunkedInput(pieces(file, offset, length), stream));
    }

    private void end(Object last) {
        context.writeAndFlush(last).addListener(this);
    }

    /** The stream's last frame is out (or failed). */
    @Override
    public void operationComplete(ChannelFuture written) {
        finished();
    }

    /** The stream's answer is out (or failed): its request is let go of. */
    private void finished() {
        if (context.executor().inEventLoop()) {
            release();
        } else {
            context.executor().execute(this::release);
        }
    }

    private void release() {
        if (current != null) {
            current.release();
            current = null;
            inFlight.leave();
        }
    }

    /** Resets the stream: its client hears that this answer will not be finished. */
    @Override
    public void abort() {
        context.channel().close();
        finished();
    }

    /** A stream has no idle clock of its own: the connection's is HTTP/2's (its settings and pings). */
    @Override
    public void idleTimeout(Duration duration) {
        // nothing to do for one stream
    }

    /** WebSocket stays on HTTP/1.1 (RFC 8441 is not supported): a WebSocket route refuses an HTTP/2 request before this. */
    @Override
    public void upgrade(Runnable takeover) {
        throw new UnsupportedOperationException("a WebSocket needs HTTP/1.1");
    }

}
