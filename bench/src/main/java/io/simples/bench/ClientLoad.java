package io.simples.bench;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.http.Simples;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of {@code bench/run.sh} as load: how much CPU a client spends per request (or per
 * WebSocket message) against the raw Netty server, ours and the JDK's side by side.
 * <ul>
 *   <li>{@code http simples|jdk PORT IN_FLIGHT SECONDS}: keeps IN_FLIGHT GETs of /plaintext in
 *       flight, over keep-alive connections (ours: at most 64 per origin; the JDK's: as many as it
 *       opens); after a 3 s warm-up, measures SECONDS and prints
 *       {@code requests=N per_second=R cpu_us=C} (this process's CPU time per request);</li>
 *   <li>{@code ws PORT CONNECTIONS SECONDS}: each of our {@code ClientConnection}s sends a message,
 *       waits for its echo, sends the next; prints the same for messages.</li>
 * </ul>
 */
public final class ClientLoad {

    private static final int WARM_UP_SECONDS = 3;

    private ClientLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("http")) {
            http(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            ws(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        System.exit(0);
    }

    private static void http(String which, int port, int inFlight, int seconds) throws Exception {
        String url = "http://127.0.0.1:" + port + "/plaintext";
        AtomicLong done = new AtomicLong();
        Runnable[] next = new Runnable[1];
        if (which.equals("simples")) {
            Client client = Client.create(ClientOptions.defaults().decompress(false).userAgent(null));
            next[0] = () -> client.get(url).send().whenComplete((answer, failure) -> {
                check(failure);
                done.incrementAndGet();
                next[0].run();
            });
        } else {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            next[0] = () -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, failure) -> {
                check(failure);
                done.incrementAndGet();
                next[0].run();
            });
        }
        for (int i = 0; i < inFlight; i++) {
            next[0].run();
        }
        measure(done, seconds, "requests");
    }

    private static void ws(int port, int connections, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        Client client = Client.create();
        List<CompletableFuture<ClientConnection>> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ClientConnection[] socket = new ClientConnection[1];
            socket[0] = client.ws("ws://127.0.0.1:" + port + "/echo", WSOptions.defaults().compression(false))
                    .onMessage(message -> {
                        done.incrementAndGet();
                        socket[0].send("hello, world");
                    });
            open.add(socket[0].open());
        }
        for (CompletableFuture<ClientConnection> socket : open) {
            socket.join().send("hello, world");
        }
        measure(done, seconds, "messages");
    }

    private static void measure(AtomicLong done, int seconds, String what) throws InterruptedException {
        Thread.sleep(WARM_UP_SECONDS * 1000L);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long countBefore = done.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = done.get() - countBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        System.out.printf("%s=%d per_second=%.0f cpu_us=%.2f%n", what, count, count / elapsed, cpu / 1000.0 / count);
    }

    private static void check(Throwable failure) {
        if (failure != null) {
            failure.printStackTrace();
            System.exit(1);
        }
    }
}
