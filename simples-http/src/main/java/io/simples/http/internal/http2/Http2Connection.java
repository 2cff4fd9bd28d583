package io.simples.http.internal.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AsciiString;
import io.simples.core.internal.PipelineNames;
import io.simples.http.Http2Options;
import io.simples.http.ServerOptions;
import io.simples.http.internal.Application;
import io.simples.http.internal.http1.BodyReader;
import io.simples.http.internal.http1.InFlight;
import java.util.Collection;

/**
 * What an HTTP/2 connection's pipeline holds after its preface (or its ALPN choice): Netty's frame
 * codec, with our settings and its guards (rapid reset: at most 200 streams reset by the client
 * per 30 s, then GOAWAY; HPACK and header-list limits; flow control), and a child channel per
 * stream whose {@link Http2Transport} reads its request (one with a body through a {@link BodyReader}:
 * the same body limits, multipart to disk and refusals as HTTP/1.1) and writes its answer.
 */
public final class Http2Connection {

    /** Streams a client may reset in {@link #RESET_WINDOW_SECONDS} before the connection is closed (CVE-2023-44487). */
    static final int MAX_RESETS = 200;
    static final int RESET_WINDOW_SECONDS = 30;

    private Http2Connection() {
    }

    /** Makes {@code pipeline}'s connection an HTTP/2 one, at the end of the pipeline. */
    public static void addTo(ChannelPipeline pipeline, Application application, ServerOptions options, InFlight inFlight,
                               boolean secure) {
        Http2FrameCodec codec = frameCodec(options);
        consolidateFlushes(pipeline);
        pipeline.addLast(new HeaderBlockClock(options.limits().headTimeout()));
        pipeline.addLast(codec);
        pipeline.addLast(handlers(codec, application, options, inFlight, secure));
    }

    /**
     * Many streams answer on one connection, from handler threads as well as in the event loop's
     * read: their flushes are folded into one write outside reads too (HTTP/1.1's connections,
     * one answer at a time, flush at once outside reads).
     */
    private static void consolidateFlushes(ChannelPipeline pipeline) {
        if (pipeline.get(PipelineNames.FLUSH) != null) {
            pipeline.replace(PipelineNames.FLUSH, PipelineNames.FLUSH, new FlushConsolidationHandler(256, true));
        }
    }

    /** What follows the frame codec: when the connection ends (idle, or the client's FIN), then one child channel per stream. */
    private static ChannelHandler[] handlers(Http2FrameCodec codec, Application application, ServerOptions options,
                                             InFlight inFlight, boolean secure) {
        return new ChannelHandler[] {new Http2Lifetime(options.limits().idleTimeout(), codec),
            streams(application, options, inFlight, secure)};
    }

    /**
     * For a stopping server, before it waits for the requests in flight: every HTTP/2 connection
     * of {@code connections} says GOAWAY (no error), so that its client opens no new stream, while
     * the streams it started go on to their end.
     */
    public static void goAway(Iterable<Channel> connections) {
        for (Channel connection : connections) {
            if (connection.pipeline().get(Http2FrameCodec.class) != null) {
                connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
            }
        }
    }

    /**
     * What answers an HTTP/1.1 request with {@code Upgrade: h2c} (RFC 7540 §3.2; RFC 9113 dropped
     * it, but the JDK's client still speaks it): a 101, then HTTP/2, the upgrading request being
     * stream 1. Other upgrades (a WebSocket) are not this factory's.
     */
    public static HttpServerUpgradeHandler.UpgradeCodecFactory upgrades(Application application, ServerOptions options,
                                                                       InFlight inFlight) {
        return protocol -> {
            if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                return null;
            }
            Http2FrameCodec codec = frameCodec(options);
            Http2ServerUpgradeCodec upgrade = new Http2ServerUpgradeCodec(codec, handlers(codec, application, options, inFlight, false));
            return new HttpServerUpgradeHandler.UpgradeCodec() {
                @Override
                public Collection<CharSequence> requiredUpgradeHeaders() {
                    return upgrade.requiredUpgradeHeaders();
                }

                @Override
                public boolean prepareUpgradeResponse(ChannelHandlerContext ctx, FullHttpRequest request, HttpHeaders headers) {
                    return upgrade.prepareUpgradeResponse(ctx, request, headers);
                }

                @Override
                public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
                    upgrade.upgradeTo(ctx, request); // the frame codec goes in after the upgrade handler
                    ChannelPipeline pipeline = ctx.pipeline();
                    consolidateFlushes(pipeline);
                    pipeline.addBefore(pipeline.context(codec).name(), null, new HeaderBlockClock(options.limits().headTimeout()));
                }
            };
        };
    }

    private static Http2FrameCodec frameCodec(ServerOptions options) {
        Http2Options http2 = options.http2();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(http2.maxConcurrentStreams())
                .maxHeaderListSize(http2.maxHeaderListSize())
                .initialWindowSize(http2.initialWindowSize())
                .maxFrameSize(http2.maxFrameSize());
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
                .gracefulShutdownTimeoutMillis(options.gracePeriod().toMillis())
                .build();
    }

    private static Http2MultiplexHandler streams(Application application, ServerOptions options, InFlight inFlight, boolean secure) {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                // named: an unnamed handler's name is made from its class through a per-thread map, for every stream
                stream.pipeline().addLast(PipelineNames.HTTP, new Http2Transport(application, inFlight, options.limits(), secure));
            }

            @Override
            public boolean isSharable() {
                return true; // said here: Netty would look it up in a per-thread map for every stream
            }
        });
    }
}
