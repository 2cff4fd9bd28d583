package io.simples.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.ResponseHeads;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The raw Netty baseline: the same endpoints as {@link SimplesServer}, written directly on
 * Netty's HTTP and WebSocket codecs the way a careful user of Netty would, with nothing the
 * endpoints do not need. {@code java -cp simples-bench.jar io.simples.bench.NettyServer PORT}.
 *
 * <p>With {@code virtual} after the port, every request and WebSocket message is answered on a
 * handler thread, handed over by the framework's own {@link Handoff} (a virtual thread each on
 * Java 21+): the floor of what that hand-off costs, with no framework around it.
 */
public final class NettyServer {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ChannelGroup SOCKETS = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private static final Map<String, AtomicInteger> SESSIONS = new ConcurrentHashMap<>();

    private NettyServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean handedOff = args.length > 1 && args[1].equals("virtual");
        Channel server = listen(port, channel -> channel.pipeline().addLast(new HttpServerCodec(),
                new HttpObjectAggregator(1 << 20), new WebSocketServerProtocolHandler("/echo", null, false, 1 << 20),
                new Endpoints(handedOff ? Handoff.of(channel.eventLoop(), Handoff.handlers()) : null)));
        System.out.println("raw Netty on port " + port + (handedOff ? ", answering on handler threads" : ""));
        server.closeFuture().sync();
    }

    /**
     * A raw Netty server on {@code port}, one event loop per core, on the transport simpleS would choose (epoll, else
     * nio; or the one {@code -Dsimples.transport} names); {@code pipeline} sets up each connection.
     */
    static Channel listen(int port, java.util.function.Consumer<Channel> pipeline) throws InterruptedException {
        String transport = System.getProperty("simples.transport", Epoll.isAvailable() ? "epoll" : "nio");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                switch (transport) {
                    case "io_uring" -> IoUringIoHandler.newFactory();
                    case "epoll" -> EpollIoHandler.newFactory();
                    default -> NioIoHandler.newFactory();
                });
        System.out.println("raw Netty on " + transport);
        return new ServerBootstrap().group(group)
                .channel(switch (transport) {
                    case "io_uring" -> IoUringServerSocketChannel.class;
                    case "epoll" -> EpollServerSocketChannel.class;
                    default -> NioServerSocketChannel.class;
                })
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        pipeline.accept(channel);
                    }
                }).bind(port).sync().channel();
    }

    private static final class Endpoints extends SimpleChannelInboundHandler<Object> {

        private final Executor handoff; // null: answered on the event loop, as a careful Netty user would

        Endpoints(Executor handoff) {
            this.handoff = handoff;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (handoff != null) {
                handOff(ctx, message);
            } else if (message instanceof FullHttpRequest request) {
                answer(ctx, request);
            } else if (message instanceof TextWebSocketFrame text) {
                ctx.writeAndFlush(new TextWebSocketFrame(text.content().retain()));
            } else if (message instanceof BinaryWebSocketFrame binary) {
                ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
            }
        }

        /** The same answers on a handler thread: the message is kept past this call. */
        private void handOff(ChannelHandlerContext ctx, Object message) {
            if (message instanceof FullHttpRequest request) {
                request.retain();
                handoff.execute(() -> {
                    try {
                        answer(ctx, request);
                    } finally {
                        request.release();
                    }
                });
            } else if (message instanceof TextWebSocketFrame text) {
                ByteBuf content = text.content().retain();
                handoff.execute(() -> ctx.writeAndFlush(new TextWebSocketFrame(content)));
            } else if (message instanceof BinaryWebSocketFrame binary) {
                ByteBuf content = binary.content().retain();
                handoff.execute(() -> ctx.writeAndFlush(new BinaryWebSocketFrame(content)));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                SOCKETS.add(ctx.channel());
            }
            ctx.fireUserEventTriggered(event);
        }

        private static void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            FullHttpResponse response;
            if (path.equals("/plaintext")) {
                response = text(HttpResponseStatus.OK, Unpooled.wrappedBuffer(HELLO));
            } else if (path.equals("/json")) {
                response = json(JSON.writeValueAsBytes(Map.of("message", "Hello, World!")));
            } else if (path.startsWith("/users/") && path.indexOf('/', 7) < 0) {
                response = text(HttpResponseStatus.OK, Unpooled.copiedBuffer(path.substring(7), StandardCharsets.UTF_8));
            } else if (path.equals("/session")) {
                response = session(request);
            } else if (path.equals("/broadcast")) {
                String text = uri.parameters().containsKey("text") ? uri.parameters().get("text").get(0) : "broadcast";
                SOCKETS.writeAndFlush(new TextWebSocketFrame(text));
                response = text(HttpResponseStatus.OK, Unpooled.copiedBuffer(String.valueOf(SOCKETS.size()), StandardCharsets.UTF_8));
            } else if (path.equals("/connections")) {
                response = text(HttpResponseStatus.OK, Unpooled.copiedBuffer(String.valueOf(SOCKETS.size()), StandardCharsets.UTF_8));
            } else if (path.equals("/allocated")) {
                response = text(HttpResponseStatus.OK, Unpooled.copiedBuffer(String.valueOf(Allocation.total()), StandardCharsets.UTF_8));
            } else if (path.equals("/heap")) {
                response = text(HttpResponseStatus.OK, Unpooled.copiedBuffer(String.valueOf(Heap.usedAfterGc()), StandardCharsets.UTF_8));
            } else {
                response = text(HttpResponseStatus.NOT_FOUND, Unpooled.copiedBuffer("404 Not Found", StandardCharsets.UTF_8));
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        private static FullHttpResponse session(FullHttpRequest request) {
            String id = null;
            String header = request.headers().get(HttpHeaderNames.COOKIE);
            if (header != null) {
                for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
                    if (cookie.name().equals("_session")) {
                        id = cookie.value();
                    }
                }
            }
            AtomicInteger counter = id == null ? null : SESSIONS.get(id);
            boolean fresh = counter == null;
            if (fresh) {
                byte[] bytes = new byte[16];
                RANDOM.nextBytes(bytes);
                id = HexFormat.of().formatHex(bytes);
                counter = new AtomicInteger();
                SESSIONS.put(id, counter);
            }
            FullHttpResponse response = text(HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(String.valueOf(counter.incrementAndGet()), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode("_session", id) + "; Path=/; HttpOnly");
            return response;
        }

        private static FullHttpResponse text(HttpResponseStatus status, ByteBuf body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.DATE, ResponseHeads.date());
            return response;
        }

        private static FullHttpResponse json(byte[] body) {
            FullHttpResponse response = text(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=utf-8");
            return response;
        }
    }
}
