package io.simples.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load of {@code bench/cluster.sh}:
 * <ul>
 *   <li>{@code broadcast CONNECTIONS ROUNDS FLOOD PORT...}: opens CONNECTIONS idle WebSockets on each
 *       server, then ROUNDS times asks the first server for one broadcast and times until the last
 *       connection of all has it; then asks for FLOOD broadcasts in a row and times until every
 *       connection has them all. Prints {@code connections=N broadcast_ms=median,min,max
 *       flood_per_second=R};</li>
 *   <li>{@code bus SENDER_PORT RECEIVER_PORT RECEIVER_PID SENDER_PID COUNT}: COUNT broadcasts to a channel
 *       nobody is bound to, so that what the receiving process spends is the bus's own cost; prints
 *       the CPU microseconds per message of each;</li>
 *   <li>{@code session A_PORT B_PORT SAMPLES}: a user with a WebSocket on B writes a value over HTTP
 *       on A, SAMPLES times; prints the p50 and p99 of the time from A's response to the value
 *       reaching the user's socket on B.</li>
 * </ul>
 */
public final class ClusterLoad {

    private ClusterLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "broadcast" -> broadcast(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray());
            case "bus" -> bus(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]),
                    Long.parseLong(args[4]), Integer.parseInt(args[5]));
            case "session" -> session(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("broadcast, bus or session");
        }
        System.exit(0);
    }

    /** Counts down the latch of the round whose text it sees. */
    private static final class Receiver extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final AtomicReference<String> expected;
        private final AtomicReference<CountDownLatch> latch;

        Receiver(AtomicReference<String> expected, AtomicReference<CountDownLatch> latch) {
            this.expected = expected;
            this.latch = latch;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (frame.text().equals(expected.get())) {
                latch.get().countDown();
            }
        }
    }

    private static void broadcast(int perServer, int rounds, int flood, int[] ports) throws Exception {
        EventLoopGroup group = WsLoad.group();
        AtomicReference<String> expected = new AtomicReference<>("");
        AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
        int total = perServer * ports.length;
        CountDownLatch open = new CountDownLatch(total);
        for (int port : ports) {
            for (int i = 0; i < perServer; i++) {
                WsLoad.connect(group, port, open, new Receiver(expected, latch));
            }
        }
        if (!open.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (total - open.getCount()) + " connections opened");
        }
        for (int port : ports) { // every connection has joined its host's broadcasts
            while (Integer.parseInt(WsLoad.http(port, "/connections")) < perServer) {
                Thread.sleep(10);
            }
        }
        long[] times = new long[rounds];
        for (int round = -10; round < rounds; round++) { // ten unreported warm-up rounds
            String text = "r" + round;
            CountDownLatch all = new CountDownLatch(total);
            latch.set(all);
            expected.set(text);
            long start = System.nanoTime();
            WsLoad.http(ports[0], "/broadcast?text=" + text);
            if (!all.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(all.getCount() + " connections missed round " + round);
            }
            if (round >= 0) {
                times[round] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        // the flood: FLOOD broadcasts, every connection counts each
        CountDownLatch all = new CountDownLatch(total * flood);
        latch.set(all);
        expected.set("flood");
        long start = System.nanoTime();
        WsLoad.http(ports[0], "/flood?count=" + flood + "&text=flood");
        if (!all.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException(all.getCount() + " flood messages missing");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("connections=%d broadcast_ms=%.1f,%.1f,%.1f flood_per_second=%.0f%n", total,
                times[rounds / 2] / 1e6, times[0] / 1e6, times[rounds - 1] / 1e6, flood / seconds);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static void bus(int senderPort, int receiverPort, long receiverPid, long senderPid, int count) throws Exception {
        long receivedBefore = Long.parseLong(WsLoad.http(receiverPort, "/received"));
        long droppedBefore = Long.parseLong(WsLoad.http(senderPort, "/dropped"));
        long receiverCpu = WsLoad.cpuTicks(receiverPid);
        long senderCpu = WsLoad.cpuTicks(senderPid);
        int chunk = 5_000; // a burst the bus takes without dropping: this measures cost, not overload
        for (int sent = 0; sent < count; sent += chunk) {
            WsLoad.http(senderPort, "/flood?count=" + chunk + "&text=bus&channel=nobody");
            long target = receivedBefore + sent + chunk;
            while (Long.parseLong(WsLoad.http(receiverPort, "/received")) < target) {
                if (Long.parseLong(WsLoad.http(senderPort, "/dropped")) > droppedBefore) {
                    throw new IllegalStateException("the bus dropped messages: the chunk is too big for this machine");
                }
                Thread.sleep(5);
            }
        }
        double tick = 1e6 / Long.parseLong(System.getProperty("clk.tck", "100")); // µs per clock tick
        double receiver = (WsLoad.cpuTicks(receiverPid) - receiverCpu) * tick / count;
        double sender = (WsLoad.cpuTicks(senderPid) - senderCpu) * tick / count;
        System.out.printf("messages=%d receiver_cpu_us_per_message=%.2f sender_cpu_us_per_message=%.2f%n",
                count, receiver, sender);
    }

    private static void session(int portA, int portB, int samples) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create("ws://127.0.0.1:" + portB + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        heard.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        List<Long> fromResponse = new ArrayList<>();
        List<Long> fromRequest = new ArrayList<>();
        for (int i = -100; i < samples; i++) { // a hundred unreported warm-up writes
            long sent = System.nanoTime();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/set?v=" + i))
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            while (true) {
                String message = heard.poll(10, TimeUnit.SECONDS);
                if (message == null) {
                    throw new IllegalStateException("the value " + i + " never reached the socket on B");
                }
                if (message.equals("v=" + i)) {
                    break;
                }
            }
            long seen = System.nanoTime();
            if (i >= 0) {
                fromResponse.add(seen - answered);
                fromRequest.add(seen - sent);
            }
        }
        socket.abort();
        fromResponse.sort(null);
        fromRequest.sort(null);
        System.out.printf("samples=%d after_response_p50_ms=%.2f after_response_p99_ms=%.2f after_request_p50_ms=%.2f after_request_p99_ms=%.2f%n",
                samples, at(fromResponse, 0.50), at(fromResponse, 0.99), at(fromRequest, 0.50), at(fromRequest, 0.99));
    }

    private static double at(List<Long> sorted, double fraction) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * fraction) - 1)) / 1e6;
    }
}
