package io.simples.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.RequestHead;
import io.simples.ws.internal.WebSocketAccess;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link WSHost}'s handshake does to a connection's Netty pipeline: the handlers its
 * options call for (compression, the idle timer), Netty's handshake, and our frame handler; then
 * the upgrade request goes through them as if just decoded. Also how the host's frames are
 * decoded, one configuration per host rather than per connection.
 */
final class WSPipeline {

    /**
     * Headers a connection's view does not keep: they served the handshake and say nothing after it
     * (the offered subprotocols and extensions stay: an application may ask what a client offered).
     */
    private static final Set<CharSequence> HANDSHAKE_ONLY = Set.of(HttpHeaderNames.UPGRADE, HttpHeaderNames.CONNECTION,
            HttpHeaderNames.SEC_WEBSOCKET_KEY, HttpHeaderNames.SEC_WEBSOCKET_VERSION);

    private final WSHost host;
    private final WSOptions options;
    /** How frames are decoded, the same for every connection of the host (one object, not one per connection). */
    private final WebSocketDecoderConfig decoding;
    /** The same, for a connection that negotiated no extension: the decoder itself refuses reserved bits (1002). */
    private final WebSocketDecoderConfig decodingPlain;

    WSPipeline(WSHost host, WSOptions options) {
        this.host = host;
        this.options = options;
        this.decoding = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.limit())
                .allowExtensions(options.compression())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
        this.decodingPlain = decoding.toBuilder().allowExtensions(false).build();
    }

    /** How an open connection's frames are decoded: with the reserved bits its extensions may set, or none. */
    WebSocketDecoderConfig decoding(boolean extensions) {
        return extensions ? decoding : decodingPlain;
    }

    /** Turns the connection of {@code head}, an upgrade request the route accepted, into one of the host's. */
    void upgrade(RequestHead head, WebSocketAccess.Opening opening) {
        List<String> setCookies = opening.setCookies();
        ChannelPipeline pipeline = head.channel().pipeline();
        String path = new QueryStringDecoder(head.uri()).rawPath();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path)
                .checkStartsWith(true)
                .subprotocols(options.protocols().isEmpty() ? null : String.join(",", options.protocols()))
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .decoderConfig(decoding)
                .build();
        if (options.compression()) {
            // the limit bounds what one compressed message may inflate to (no zip bombs)
            pipeline.addAfter(PipelineNames.CODEC, PipelineNames.WS_COMPRESSION, new WebSocketServerCompressionHandler(options.limit()));
        }
        if (!options.timeout().isZero()) {
            pipeline.addLast(PipelineNames.WS_IDLE, new IdleStateHandler(options.timeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(PipelineNames.WS_HANDSHAKE_HEADERS, new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
                if (message instanceof HttpResponse response) { // the 101, or the refusal of a bad handshake
                    response.headers().set(RequestHead.X_REQUEST_ID, head.id());
                    if (!setCookies.isEmpty()) {
                        response.headers().add(HttpHeaderNames.SET_COOKIE, setCookies);
                    }
                    ctx.pipeline().remove(this);
                }
                super.write(ctx, message, promise);
            }
        });
        pipeline.addLast(PipelineNames.WS_RESERVED_BITS, new ReservedBits());
        pipeline.addLast(PipelineNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(config));
        RequestHead wsHead = head.as(head.secure() ? "wss" : "ws", HANDSHAKE_ONLY);
        pipeline.addLast(PipelineNames.WS, new WSFrameHandler(host, wsHead, offered(head), opening));
        FullHttpRequest request = (FullHttpRequest) head.request();
        // through the new handlers, as if just decoded; the read must complete too, or the idle
        // handler believes a read is still going on and never sees the connection go silent
        pipeline.context(PipelineNames.CODEC).fireChannelRead(request).fireChannelReadComplete();
    }

    private static List<String> offered(RequestHead head) {
        String header = head.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
