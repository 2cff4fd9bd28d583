package io.simples.http.internal.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.simples.core.internal.PipelineNames;
import io.simples.http.Limits;
import io.simples.http.ServerOptions;
import io.simples.http.internal.Application;
import io.simples.http.internal.http2.AlpnChoice;
import io.simples.http.internal.http2.Http2Connection;
import io.simples.http.internal.http2.PriorKnowledge;
import java.util.function.Consumer;

/**
 * The pipeline of an accepted HTTP connection:
 * <pre>
 *  [tls → h2: {@link AlpnChoice}] → flush consolidation → [h2c: {@link PriorKnowledge}] → {@link HeadTimer} (idle and head timeouts) → HTTP codec (line and head limits)
 *        → [h2c: the {@code Upgrade: h2c} handler]
 *        → {@link BodyReader} ({@link HeadRules}, body limits, multipart to disk, 100-continue, body timeout)
 *        → [chunked writes: files under TLS or in process] → [idle timeout] → {@link Http1Transport}
 * </pre>
 */
public final class HttpPipeline implements Consumer<Channel> {

    /** Where multipart files wait until their response ends (or the application moves them). */
    public static final String UPLOADS = uploads();

    private final Application application;
    private final ServerOptions options;
    private final SslContext tls;
    private final InFlight inFlight;

    public HttpPipeline(Application application, ServerOptions options, SslContext tls, InFlight inFlight) {
        this.application = application;
        this.options = options;
        this.tls = tls;
        this.inFlight = inFlight;
    }

    private static String uploads() {
        try {
            return java.nio.file.Files.createDirectories(
                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "simples-uploads")).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make a directory for uploads", e);
        }
    }

    @Override
    public void accept(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(PipelineNames.TLS, tls.newHandler(channel.alloc()));
            if (options.http2().tls()) { // h2 when the handshake chooses it by ALPN, else HTTP/1.1 as below
                pipeline.addLast(PipelineNames.ALPN, new AlpnChoice(
                        ctx -> Http2Connection.addTo(ctx.pipeline(), application, options, inFlight, true)));
            }
        }
        pipeline.addLast(PipelineNames.FLUSH, new FlushConsolidationHandler(256, false));
        if (tls == null && options.http2().cleartext()) { // h2c by prior knowledge: the first bytes tell
            pipeline.addLast(PipelineNames.PREFACE, new PriorKnowledge(
                    ctx -> Http2Connection.addTo(ctx.pipeline(), application, options, inFlight, false)));
        }
        Limits limits = options.limits();
        HeadTimer headTimer = new HeadTimer(limits.headTimeout(), limits.idleTimeout());
        pipeline.addLast(PipelineNames.HEAD_TIMER, headTimer);
        HttpServerCodec codec = new HttpServerCodec(limits.requestLine(), limits.headerSize(), 8192);
        pipeline.addLast(PipelineNames.CODEC, codec);
        if (tls == null && options.http2().cleartext()) { // or by Upgrade: h2c (the JDK's client)
            pipeline.addLast(PipelineNames.H2C_UPGRADE, new HttpServerUpgradeHandler(codec,
                    Http2Connection.upgrades(application, options, inFlight), (int) Math.min(limits.bodySize(), Integer.MAX_VALUE)));
        }
        pipeline.addLast(PipelineNames.BODY, new BodyReader(limits, headTimer, UPLOADS));
        // files go in chunks under TLS, and in process (a local channel hands the peer the objects written, and a file
        // region is no bytes the client's codec reads); on plain sockets, zero-copy needs no queue of writes
        if (tls != null || channel instanceof LocalChannel) {
            pipeline.addLast(PipelineNames.CHUNKED, new ChunkedWriteHandler());
        }
        pipeline.addLast(PipelineNames.HTTP, new Http1Transport(application, tls != null, inFlight, limits, headTimer));
    }
}
