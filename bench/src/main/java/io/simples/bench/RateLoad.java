package io.simples.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fixed-rate load (what wrk2 does): requests or WebSocket messages are due at a steady rate
 * whether or not the server keeps up, and each one's latency counts from when it was due, not
 * from when a connection was free to send it, so a server that stalls is charged for every
 * request that waited behind the stall (no coordinated omission).
 * <ul>
 *   <li>{@code http URL RATE SECONDS CONNECTIONS [NAME VALUE]}: GETs of URL over CONNECTIONS
 *       keep-alive connections, one request in flight on each, with an optional extra header;</li>
 *   <li>{@code ws PORT RATE SECONDS CONNECTIONS}: 32-byte text messages to {@code /echo}, one in
 *       flight on each connection.</li>
 * </ul>
 * After 6 s ({@code -Dwarmup=N} to change; this process's JIT needs them) of unmeasured closed-loop load and a settling second at the rate, measures SECONDS and prints
 * {@code sent=N per_second=R p50_us=A p99_us=B p999_us=C max_us=D}. Everything runs on one event
 * loop thread: pin the process to a core of its own.
 */
public final class RateLoad {

    private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 6);
    private static final int BUCKETS = 10_000_000; // 1 µs each: up to ten seconds
    private static final long TICK_MICROS = 200;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf HEAD_END = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("\r\n\r\n", StandardCharsets.US_ASCII));

    private final double rate;
    private final ArrayDeque<Link> idle = new ArrayDeque<>();
    /** When each request that found no idle connection was due (nanoTime). */
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final int[] latencies = new int[BUCKETS + 1];
    private int linkCount;
    private long warmUntil;
    /** When the fixed rate began (nanoTime), 0 while warming up. */
    private long start;
    private long issued;
    private long measuredFrom = Long.MAX_VALUE;
    private long measuredUntil = Long.MAX_VALUE;
    private long measured;
    private long max;

    private RateLoad(double rate) {
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        boolean http = args[0].equals("http");
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        RateLoad load = new RateLoad(rate);
        EventLoopGroup group = WsLoad.group();
        CountDownLatch open = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            if (http) {
                load.connectHttp(group, URI.create(args[1]), args.length > 6 ? args[5] : null, args.length > 6 ? args[6] : null);
                open.countDown();
            } else {
                Link link = load.new Link();
                link.channel = WsLoad.connect(group, Integer.parseInt(args[1]), open, link.wsHandler());
                link.send = channel -> channel.writeAndFlush(new TextWebSocketFrame("x".repeat(32)));
            }
        }
        if (!open.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (connections - open.getCount()) + " connections opened");
        }
        CountDownLatch finished = new CountDownLatch(1);
        group.next().execute(() -> load.run(group, seconds, finished));
        if (!finished.await(seconds + WARM_UP_SECONDS + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not finish");
        }
        System.out.printf("sent=%d per_second=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d%n", load.measured,
                load.measured / (double) seconds, load.percentile(0.50), load.percentile(0.99), load.percentile(0.999), load.max);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        System.exit(0);
    }

    /**
     * One keep-alive connection that writes a request encoded once and counts the answers with
     * the least parsing that frames them (status line, Content-Length): Netty's HTTP codec on the
     * client side would cap the rate this one core can drive below what the servers take.
     */
    private void connectHttp(EventLoopGroup group, URI uri, String name, String value) throws InterruptedException {
        Link link = new Link();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("GET " + target + " HTTP/1.1\r\nHost: "
                + uri.getHost() + ":" + uri.getPort() + "\r\n" + (name == null ? "" : name + ": " + value + "\r\n")
                + "\r\n", StandardCharsets.US_ASCII));
        link.send = channel -> channel.writeAndFlush(request.duplicate());
        link.channel = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(link.answers());
                    }
                }).connect(new InetSocketAddress(uri.getHost(), uri.getPort())).sync().channel();
    }

    /**
     * On the event loop: first {@value #WARM_UP_SECONDS} s of closed-loop load (every answer sends
     * the next request at once), which warms this process's JIT up without building a backlog; once
     * every connection is idle, the fixed rate, measured after one settling second.
     */
    private void run(EventLoopGroup group, int seconds, CountDownLatch finished) {
        warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        for (Link link; (link = idle.poll()) != null; ) {
            link.send(0);
        }
        group.next().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (start == 0) {
                if (now < warmUntil || idle.size() < linkCount) {
                    return;
                }
                start = now;
                measuredFrom = start + TimeUnit.SECONDS.toNanos(1);
                measuredUntil = measuredFrom + TimeUnit.SECONDS.toNanos(seconds);
            }
            long due = (long) ((Math.min(now, measuredUntil) - start) * rate / 1e9);
            for (; issued < due; issued++) {
                long dueAt = start + (long) (issued * 1e9 / rate);
                Link link = idle.poll();
                if (link == null) {
                    waiting.add(dueAt);
                } else {
                    link.send(dueAt);
                }
            }
            if (now > measuredUntil && idle.size() == linkCount && waiting.isEmpty()) {
                finished.countDown();
            }
        }, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    private void answered(Link link) {
        long now = System.nanoTime();
        if (start == 0) { // warming up
            if (now < warmUntil) {
                link.send(0);
            } else {
                idle.add(link);
            }
            return;
        }
        if (link.dueAt >= measuredFrom && link.dueAt < measuredUntil) {
            long micros = (now - link.dueAt) / 1000;
            latencies[(int) Math.min(BUCKETS, micros)]++;
            max = Math.max(max, micros);
            measured++;
        }
        Long next = waiting.poll();
        if (next == null) {
            idle.add(link);
        } else {
            link.send(next);
        }
    }

    /** The Content-Length of the head between {@code start} and {@code end}, 0 without one (no String made). */
    private static int contentLength(ByteBuf in, int start, int end) {
        for (int line = in.indexOf(start, end, (byte) '\n') + 1; line > 0 && line < end;
                line = in.indexOf(line, end, (byte) '\n') + 1) {
            if (end - line < CONTENT_LENGTH.length) {
                break;
            }
            boolean match = true;
            for (int i = 0; i < CONTENT_LENGTH.length && match; i++) {
                match = (in.getByte(line + i) | 0x20) == CONTENT_LENGTH[i];
            }
            if (match) {
                int value = 0;
                for (int i = line + CONTENT_LENGTH.length; i < end; i++) {
                    byte b = in.getByte(i);
                    if (b >= '0' && b <= '9') {
                        value = value * 10 + (b - '0');
                    } else if (b != ' ') {
                        break;
                    }
                }
                return value;
            }
        }
        return 0;
    }

    private long percentile(double fraction) {
        long target = (long) Math.ceil(measured * fraction);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += latencies[i];
            if (seen >= target) {
                return i;
            }
        }
        return BUCKETS;
    }

    /** One connection: at most one request in flight. */
    private final class Link {
        Channel channel;
        Consumer<Channel> send;
        long dueAt;

        Link() {
            linkCount++;
            idle.add(this);
        }

        void send(long dueAt) {
            this.dueAt = dueAt;
            send.accept(channel);
        }

        /** Frames HTTP/1.1 answers that carry a Content-Length; anything but a 200 ends the process. */
        ByteToMessageDecoder answers() {
            return new ByteToMessageDecoder() {
                @Override
                protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                    while (true) {
                        int end = ByteBufUtil.indexOf(HEAD_END, in);
                        if (end < 0) {
                            return;
                        }
                        int start = in.readerIndex();
                        int headLength = end + HEAD_END.readableBytes() - start;
                        if (in.getByte(start + 9) != '2' || in.getByte(start + 10) != '0' || in.getByte(start + 11) != '0') {
                            System.err.println("answer " + in.toString(start, headLength, StandardCharsets.US_ASCII));
                            System.exit(1);
                        }
                        int length = contentLength(in, start, end);
                        if (in.readableBytes() < headLength + length) {
                            return;
                        }
                        in.skipBytes(headLength + length);
                        answered(Link.this);
                    }
                }
            };
        }

        SimpleChannelInboundHandler<TextWebSocketFrame> wsHandler() {
            return new SimpleChannelInboundHandler<>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    answered(Link.this);
                }
            };
        }
    }
}
