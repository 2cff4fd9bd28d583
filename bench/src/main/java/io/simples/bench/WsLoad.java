package io.simples.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The WebSocket load client of {@code bench/run.sh}, on Netty so that it stays cheap:
 * <ul>
 *   <li>{@code echo PORT CONNECTIONS SECONDS [SERVER_PID [PATH [MESSAGE]]]}: each connection sends a message
 *       (32 {@code x} unless given; to {@code /echo} unless given), waits
 *       for its echo, sends the next; after {@value #ECHO_WARM_UP_SECONDS} unmeasured seconds (this
 *       process's own JIT warm-up, which would otherwise slow the first part of every run), measures
 *       for SECONDS and prints {@code messages=N per_second=R p50_us=A p99_us=B}, and with a server's
 *       process id the CPU time that server used meanwhile, {@code server_cpu_ticks=T} (Linux clock
 *       ticks, from {@code /proc/PID/stat}), and the bytes it allocated, {@code server_alloc_bytes=A}
 *       (its {@code /allocated} before and after);</li>
 *   <li>{@code broadcast PORT CONNECTIONS ROUNDS [TURN_FILE SLOT SLOTS]}: opens idle connections,
 *       measures the heap per connection on the server, then asks the server to broadcast (5
 *       unreported warm-up rounds, then ROUNDS) and times until the last connection has it; prints
 *       {@code heap_per_connection=B broadcast_ms=M,M,M}. With a turn file, SLOTS such processes
 *       (one per server) take their rounds in turn ({@link Turns});</li>
 *   <li>{@code sessions PORT COUNT}: makes COUNT sessions and prints the server's heap per session.</li>
 * </ul>
 */
public final class WsLoad {

    private static final int BUCKETS = 1_000_000; // 1 µs each: up to one second
    private static final int WARM_BROADCASTS = 5;
    private static final int ECHO_WARM_UP_SECONDS = 2;

    private WsLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "echo" -> echo(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : -1, args.length > 5 ? args[5] : "/echo",
                    args.length > 6 ? args[6] : "x".repeat(32));
            case "broadcast" -> broadcast(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length < 7
                    ? Turns.alone() : Turns.shared(Path.of(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6])));
            case "sessions" -> sessions(port, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("echo, broadcast or sessions");
        }
        System.exit(0);
    }

    private static void echo(int port, int connections, int seconds, long serverPid, String path, String payload)
            throws Exception {
        EventLoopGroup group = group();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong messages = new AtomicLong();
        AtomicLongArray latencies = new AtomicLongArray(BUCKETS + 1);
        CountDownLatch open = new CountDownLatch(connections);
        List<EchoClient> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            EchoClient client = new EchoClient(payload, running, measuring, messages, latencies);
            client.channel = connect(group, port, path, open, client, "127.0.0.1");
            clients.add(client);
        }
        if (!open.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (connections - open.getCount()) + " connections opened");
        }
        clients.forEach(client -> client.channel.eventLoop().execute(client::start));
        Thread.sleep(ECHO_WARM_UP_SECONDS * 1000L);
        long allocatedBefore = serverPid < 0 ? 0 : Long.parseLong(http(port, "/allocated"));
        long cpuBefore = cpuTicks(serverPid);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = cpuTicks(serverPid) - cpuBefore;
        long allocated = serverPid < 0 ? 0 : Long.parseLong(http(port, "/allocated")) - allocatedBefore;
        running.set(false);
        long total = messages.get();
        System.out.printf("messages=%d per_second=%.0f p50_us=%d p99_us=%d%s%n", total, total / elapsed,
                percentile(latencies, total, 0.50), percentile(latencies, total, 0.99),
                serverPid < 0 ? "" : " server_cpu_ticks=" + cpu + " server_alloc_bytes=" + allocated);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** One echo connection: sends, waits for the echo, records the round trip, sends again. */
    private static final class EchoClient extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String payload;
        private final AtomicBoolean running;
        private final AtomicBoolean measuring;
        private final AtomicLong messages;
        private final AtomicLongArray latencies;
        Channel channel;
        private long sentAt;

        EchoClient(String payload, AtomicBoolean running, AtomicBoolean measuring, AtomicLong messages,
                   AtomicLongArray latencies) {
            this.payload = payload;
            this.running = running;
            this.measuring = measuring;
            this.messages = messages;
            this.latencies = latencies;
        }

        void start() {
            sentAt = System.nanoTime();
            channel.writeAndFlush(new TextWebSocketFrame(payload));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (measuring.get()) {
                long micros = (System.nanoTime() - sentAt) / 1000;
                latencies.incrementAndGet((int) Math.min(BUCKETS, micros));
                messages.incrementAndGet();
            }
            if (running.get()) {
                sentAt = System.nanoTime();
                ctx.writeAndFlush(new TextWebSocketFrame(payload));
            }
        }
    }

    private static void broadcast(int port, int connections, int rounds, Turns turns) throws Exception {
        EventLoopGroup group = group();
        long heapBefore = Long.parseLong(http(port, "/heap"));
        AtomicLong remaining = new AtomicLong();
        CountDownLatch[] done = {new CountDownLatch(1)};
        CountDownLatch open = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            connect(group, port, "/echo", open, new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    if (remaining.decrementAndGet() == 0) {
                        done[0].countDown();
                    }
                }
            }, turns.sourceAddress(i));
            if (i % 500 == 499) {
                Thread.sleep(50); // let the server's accept backlog drain
            }
        }
        if (!open.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (connections - open.getCount()) + " connections opened");
        }
        long count = Long.parseLong(http(port, "/connections"));
        long heapAfter = Long.parseLong(http(port, "/heap"));
        StringBuilder times = new StringBuilder();
        turns.ready();
        for (int round = -WARM_BROADCASTS; round < rounds; round++) { // the first rounds warm the JIT up, unreported
            turns.await();
            remaining.set(connections);
            done[0] = new CountDownLatch(1);
            long start = System.nanoTime();
            http(port, "/broadcast?text=round" + (round + WARM_BROADCASTS));
            if (!done[0].await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(remaining.get() + " connections never got the broadcast");
            }
            turns.pass();
            if (round >= 0) {
                times.append(round == 0 ? "" : ",").append(String.format("%.1f", (System.nanoTime() - start) / 1e6));
            }
        }
        System.out.printf("connections=%d heap_per_connection=%d broadcast_ms=%s%n", count,
                (heapAfter - heapBefore) / Math.max(1, count), times);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static void sessions(int port, int count) throws Exception {
        // the broadcast's connections may still be closing: what they free while the sessions are made
        // would be subtracted from the sessions' heap (a run read 48 bytes per session for 138)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // another process's count, read over HTTP: there is no event to await, so it is polled
        while (Long.parseLong(http(port, "/connections")) > 0) {
            if (System.nanoTime() > deadline) {
                System.err.println("WebSockets still open after 30 s: the heap per session below counts what they free");
                break;
            }
            Thread.sleep(100);
        }
        long before = Long.parseLong(http(port, "/heap"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/session");
        for (int i = 0; i < count; i++) {
            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        }
        long after = Long.parseLong(http(port, "/heap"));
        System.out.printf("sessions=%d heap_per_session=%d%n", count, (after - before) / count);
    }

    /** Connects one WebSocket; {@code open} counts down when its handshake completes. */
    static Channel connect(EventLoopGroup group, int port, CountDownLatch open,
                                   SimpleChannelInboundHandler<TextWebSocketFrame> handler) throws InterruptedException {
        return connect(group, port, "/echo", open, handler, "127.0.0.1");
    }

    /**
     * Connects from the loopback address {@code source}; the port is picked at connect time, so
     * processes that connect from different addresses do not share one range of ephemeral ports.
     */
    static Channel connect(EventLoopGroup group, int port, String path, CountDownLatch open,
                                   SimpleChannelInboundHandler<TextWebSocketFrame> handler, String source)
            throws InterruptedException {
        URI uri = URI.create("ws://127.0.0.1:" + port + path);
        return new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, Epoll.isAvailable())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders())),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            open.countDown();
                                        }
                                        ctx.fireUserEventTriggered(event);
                                    }
                                },
                                handler);
                    }
                }).connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(source, 0)).sync().channel();
    }

    static EventLoopGroup group() {
        return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static String http(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    /** User plus system CPU time of process {@code pid} in clock ticks, or 0 without a process. */
    static long cpuTicks(long pid) throws IOException {
        if (pid < 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime: fields 14 and 15
    }

    private static long percentile(AtomicLongArray buckets, long total, double fraction) {
        long target = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += buckets.get(i);
            if (seen >= target) {
                return i;
            }
        }
        return BUCKETS;
    }
}
