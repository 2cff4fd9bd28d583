package io.simples.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.simples.core.internal.OriginPolicy;
import io.simples.core.internal.PipelineNames;
import io.simples.core.internal.RequestHead;
import io.simples.ws.internal.WebSocketUpgrade;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket endpoint: its options, the listener every new connection goes through, its open
 * connections and its named {@link WSChannel channels}. Made by {@code router.ws(location,
 * options, listener)}, which routes upgrade requests here after the router's middlewares.
 *
 * <pre>{@code
 * WSHost chat = server.ws("chat", WSOptions.defaults().advanced(true), connection ->
 *         connection.on("say", text -> connection.endpoint().broadcast("said", text)));
 * }</pre>
 */
public final class WSHost {

    private final String location;
    private final WSOptions options;
    private final WSListener listener;
    private final OriginPolicy origins;
    private final Set<WSConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, WSChannel> channels = new ConcurrentHashMap<>();

    /** For {@code Router.ws}: applications get hosts from there. */
    public WSHost(String location, WSOptions options, WSListener listener) {
        this.location = Objects.requireNonNull(location, "location");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.origins = new OriginPolicy(options.origins());
    }

    /** The location of the endpoint. */
    public String location() {
        return location;
    }

    public WSOptions options() {
        return options;
    }

    /**
     * The open connections, as a read-only view. A connection joins once its open listener has
     * returned, so that broadcasts and filters see what that listener set up ({@code data()},
     * channels), and leaves when it starts closing.
     */
    public Set<WSConnection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    /** Sends {@code data} to every open connection (JSON unless text or bytes). */
    public WSHost broadcast(Object data) {
        Broadcast.send(connections, null, data, c -> true);
        return this;
    }

    /** Sends {@code data} to the open connections that {@code filter} accepts. */
    public WSHost broadcast(Object data, Predicate<WSConnection> filter) {
        Broadcast.send(connections, null, data, filter);
        return this;
    }

    /** Sends the event {@code event} with {@code data} to every open connection. */
    public WSHost broadcast(String event, Object data) {
        Broadcast.send(connections, event, data, c -> true);
        return this;
    }

    /** Sends the event {@code event} with {@code data} to the open connections that {@code filter} accepts. */
    public WSHost broadcast(String event, Object data, Predicate<WSConnection> filter) {
        Broadcast.send(connections, event, data, filter);
        return this;
    }

    /** The channel {@code name}, made on first use. */
    public WSChannel channel(String name) {
        return channels.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new WSChannel(n, this));
    }

    /** The channel {@code name}, with every open connection that {@code filter} accepts bound to it. */
    public WSChannel channel(String name, Predicate<WSConnection> filter) {
        WSChannel channel = channel(name);
        for (WSConnection connection : connections) {
            if (filter.test(connection)) {
                channel.bind(connection);
            }
        }
        return channel;
    }

    // --- for simples-http, through WebSocketUpgrade ---

    static {
        WebSocketUpgrade.install(new WebSocketUpgrade.Access() {
            @Override
            public boolean acceptsOrigin(WSHost host, String origin, String hostHeader) {
                return host.origins.allows(origin, hostHeader);
            }

            @Override
            public void handshake(WSHost host, RequestHead head, Map<String, String> params, Executor handlers,
                                  List<String> setCookies) {
                host.handshake(head, params, handlers, setCookies);
            }
        });
    }

    private void handshake(RequestHead head, Map<String, String> params, Executor handlers, List<String> setCookies) {
        Channel channel = head.channel();
        ChannelPipeline pipeline = channel.pipeline();
        String path = new io.netty.handler.codec.http.QueryStringDecoder(head.uri()).rawPath();
        WebSocketDecoderConfig decoding = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.limit())
                .allowExtensions(options.compression())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
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
        if (!setCookies.isEmpty()) {
            pipeline.addLast(PipelineNames.WS_COOKIES, new ChannelOutboundHandlerAdapter() {
                @Override
                public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
                    if (message instanceof HttpResponse response) {
                        response.headers().add(HttpHeaderNames.SET_COOKIE, setCookies);
                        ctx.pipeline().remove(this);
                    }
                    super.write(ctx, message, promise);
                }
            });
        }
        pipeline.addLast(PipelineNames.WS_RESERVED_BITS, new ReservedBits());
        pipeline.addLast(PipelineNames.WS_PROTOCOL, new WebSocketServerProtocolHandler(config));
        pipeline.addLast(PipelineNames.WS_AGGREGATOR, new WebSocketFrameAggregator(options.limit()));
        RequestHead wsHead = head.as(head.secure() ? "wss" : "ws");
        pipeline.addLast(PipelineNames.WS, new WSFrameHandler(this, wsHead, params, offered(head), handlers, decoding));
        FullHttpRequest request = (FullHttpRequest) head.request();
        // through the new handlers, as if just decoded; the read must complete too, or the idle
        // handler believes a read is still going on and never sees the connection go silent
        pipeline.context(PipelineNames.CODEC).fireChannelRead(request).fireChannelReadComplete();
    }

    WSListener listener() {
        return listener;
    }

    void add(WSConnection connection) {
        connections.add(connection);
    }

    void remove(WSConnection connection) {
        connections.remove(connection);
    }

    void forget(WSChannel channel) {
        channels.remove(channel.name(), channel);
    }

    private static List<String> offered(RequestHead head) {
        String header = head.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "WSHost[" + location + ", " + connections.size() + " connections]";
    }
}
