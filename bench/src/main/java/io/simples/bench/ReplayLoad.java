package io.simples.bench;

import io.simples.core.Cluster;
import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.session.MemoryStore;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replay of {@code bench/replay.sh}: {@code ReplayLoad memory|REDIS_URI MISSED ROUNDS}. One
 * server in this process keeps recovery (its journal in memory, or Redis Streams on a cluster at
 * {@code REDIS_URI}); each round a client connects, drops, misses {@code MISSED} events sent to its
 * session, and reconnects resuming: the time from the new connection's {@code open()} until it
 * has every missed event and the {@code simples:resumed} report (the handshake included). Prints
 * {@code missed=N rounds=R p50_ms=A p90_ms=B max_ms=C} over the rounds after five of warm-up.
 */
public final class ReplayLoad {

    private ReplayLoad() {
    }

    public static void main(String[] args) throws Exception {
        String journal = args[0];
        int missed = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ServerOptions options = ServerOptions.defaults().port(0);
        Cluster cluster = journal.equals("memory") ? null : Cluster.redis(journal, "simples:bench:replay-" + System.nanoTime());
        if (cluster != null) {
            options = options.cluster(cluster);
        }
        Server server = Simples.server(options);
        server.session(new SessionOptions(c -> true, new MemoryStore(), Duration.ofHours(1)));
        server.get("/login", c -> {
            c.session().put("user", "bench");
            c.end(c.session().id());
        });
        WSOptions advanced = WSOptions.defaults().advanced(true);
        WSHost feed = server.ws("feed", advanced, c -> { });
        feed.recovery(Duration.ofMinutes(2), Math.max(1000, missed));
        server.start();
        String base = "127.0.0.1:" + server.port();
        long[] times = new long[rounds];
        try (Client client = Client.create(ClientOptions.defaults().cookies(true))) {
            String session = client.get("http://" + base + "/login").send().join().text();
            for (int round = -5; round < rounds; round++) {
                CountDownLatch positioned = new CountDownLatch(1);
                ClientConnection first = client.ws("ws://" + base + "/feed", advanced).on("ping", data -> positioned.countDown());
                first.open().join();
                // the connection joins its host once its open listener returned: ping until it hears
                for (int tries = 0; !positioned.await(50, TimeUnit.MILLISECONDS); tries++) {
                    if (tries == 600) {
                        throw new IllegalStateException("the first connection heard no ping in 30 s");
                    }
                    feed.toSession(session, "ping", 0, Duration.ofSeconds(5)).join();
                }
                first.close();
                first.closed().join();
                List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>(missed);
                for (int i = 0; i < missed; i++) {
                    sent.add(feed.toSession(session, "news", i, Duration.ofSeconds(5)));
                }
                sent.forEach(java.util.concurrent.CompletableFuture::join);
                AtomicInteger got = new AtomicInteger();
                CountDownLatch resumed = new CountDownLatch(1);
                ClientConnection again = client.ws("ws://" + base + "/feed", advanced).resumeFrom(first)
                        .on("news", data -> got.incrementAndGet())
                        .on("simples:resumed", data -> resumed.countDown());
                long start = System.nanoTime();
                again.open().join();
                await(resumed, "the resumed report (" + got.get() + " replayed so far)");
                long took = System.nanoTime() - start;
                if (got.get() != missed) {
                    throw new IllegalStateException("replayed " + got.get() + " of " + missed);
                }
                if (round >= 0) {
                    times[round] = took;
                }
                again.close();
                again.closed().join();
            }
        } finally {
            server.stop();
            if (cluster != null) {
                cluster.close();
            }
        }
        Arrays.sort(times);
        System.out.printf("missed=%d rounds=%d p50_ms=%.1f p90_ms=%.1f max_ms=%.1f%n", missed, rounds,
                times[rounds / 2] / 1e6, times[(int) (rounds * 0.9)] / 1e6, times[rounds - 1] / 1e6);
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not come in 30 s");
        }
    }
}
