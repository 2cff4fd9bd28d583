package io.simples.bench;

import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test kit's speed ({@code bench/kit.sh}): what a test's requests cost in process against
 * over a real socket, both with our client and the same server. Each round starts an application
 * over each transport in turn (after 20 s of rounds not counted, for the JIT), warms it up, then times {@code COUNT} sequential GETs (each sent
 * once the last is answered, as a test does) and {@code COUNT} sequential WebSocket echoes. Prints
 * each round, then the medians and their ratio (socket time / in-process time).
 * Arguments: {@code [ROUNDS [COUNT [TRANSPORT]]]}, 7, 1000 and both unless given (one transport: to profile it).
 */
public final class KitLoad {

    private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 20);

    private KitLoad() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Transport[] both = args.length > 2 ? new Transport[] {Transport.valueOf(args[2])} : Transport.values(); // one, to profile it
        List<Long> httpIn = new ArrayList<>();
        List<Long> httpSocket = new ArrayList<>();
        List<Long> wsIn = new ArrayList<>();
        List<Long> wsSocket = new ArrayList<>();
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        while (System.nanoTime() < warm) { // the JIT's work (C2 took half the CPU of the first rounds), before anything counts
            for (Transport transport : both) {
                measure(transport, count);
            }
        }
        for (int round = 0; round < rounds; round++) {
            // alternate which goes first, so neither always runs on a JIT the other warmed
            Transport[] order = both.length == 1 || round % 2 == 0 ? both : new Transport[] {Transport.SOCKET, Transport.IN_PROCESS};
            for (Transport transport : order) {
                long[] times = measure(transport, count);
                (transport == Transport.IN_PROCESS ? httpIn : httpSocket).add(times[0]);
                (transport == Transport.IN_PROCESS ? wsIn : wsSocket).add(times[1]);
                System.out.printf("round %d %-10s http %7.1f ms (CPU %5.1f µs a request)  ws %7.1f ms (CPU %5.1f µs an echo)%n",
                        round + 1, transport, times[0] / 1e6, times[2] / 1e3 / count, times[1] / 1e6, times[3] / 1e3 / count);
            }
        }
        if (both.length == 1) { // one line for bench/kit.sh
            List<Long> http = both[0] == Transport.IN_PROCESS ? httpIn : httpSocket;
            List<Long> ws = both[0] == Transport.IN_PROCESS ? wsIn : wsSocket;
            System.out.printf("median %s http %.1f ws %.1f%n", both[0], median(http) / 1e6, median(ws) / 1e6);
            System.exit(0);
        }
        System.out.printf("%d sequential requests: in process %.1f ms, socket %.1f ms (medians of %d): socket/in-process %.2f%n",
                count, median(httpIn) / 1e6, median(httpSocket) / 1e6, rounds, (double) median(httpSocket) / median(httpIn));
        System.out.printf("%d sequential WebSocket echoes: in process %.1f ms, socket %.1f ms (medians of %d): socket/in-process %.2f%n",
                count, median(wsIn) / 1e6, median(wsSocket) / 1e6, rounds, (double) median(wsSocket) / median(wsIn));
        System.exit(0);
    }

    static void routes(Server server) {
        server.get("/plaintext", c -> c.type("txt").end("Hello, World!"));
        server.ws("/echo", WSOptions.defaults(), socket -> socket.onMessage(message -> socket.send(message.text())));
    }

    /** Nanoseconds for {@code count} sequential requests, then for {@code count} sequential echoes, after a warm-up of as many. */
    private static long[] measure(Transport transport, int count) throws Exception {
        try (TestApp app = SimplesTest.start(ServerOptions.defaults(), KitLoad::routes, transport)) {
            requests(app, count);
            long cpu = cpu();
            long start = System.nanoTime();
            requests(app, count);
            long http = System.nanoTime() - start;
            long httpCpu = cpu() - cpu;
            BlockingQueue<String> echoes = new LinkedBlockingQueue<>(); // as a test collects them: the listener never waits
            ClientConnection socket = app.ws("/echo").onMessage(message -> echoes.add(message.text()));
            socket.open().get(10, TimeUnit.SECONDS);
            echoes(socket, echoes, count);
            cpu = cpu();
            start = System.nanoTime();
            echoes(socket, echoes, count);
            long ws = System.nanoTime() - start;
            long wsCpu = cpu() - cpu;
            socket.close();
            socket.closed().get(10, TimeUnit.SECONDS);
            return new long[] {http, ws, httpCpu, wsCpu};
        }
    }

    private static void requests(TestApp app, int count) {
        for (int i = 0; i < count; i++) {
            if (app.get("/plaintext").send().join().status() != 200) {
                throw new IllegalStateException("not answered 200");
            }
        }
    }

    private static void echoes(ClientConnection socket, BlockingQueue<String> echoes, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            socket.send("ping");
            if (echoes.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no echo");
            }
        }
    }

    /** The CPU time this process has used, in nanoseconds (every thread: the test's, the loops, the handlers). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
