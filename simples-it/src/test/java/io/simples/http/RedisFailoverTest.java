package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.core.Cluster;
import io.simples.session.Await;
import io.simples.session.RedisClusterNodes;
import io.simples.session.RedisSentinels;
import io.simples.session.RedisStore;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions (and, on Sentinel, the cluster's bus) through a Redis failover, real processes: Redis
 * Sentinel (a master, two replicas, three sentinels) and Redis Cluster (three masters with a
 * replica each). 50 users write sequential values through our server; the replicas fall behind
 * (SIGSTOP: on one machine replication is otherwise too quick to ever lose anything), a master is
 * SIGKILLed, the replicas go on and one takes over; a fresh server reads every user's session back
 * from Redis. With {@code RedisStore.replicas(1, …)} no acknowledged write is lost (the saves no
 * replica confirmed were answered 503); without it, the users whose sessions lived on the dead
 * master lost the writes it alone acknowledged. Broadcasts between two servers flow again after
 * the failover (on Redis Cluster the killed master is the node the buses subscribed on).
 */
@Timeout(120)
class RedisFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFailoverTest.class);
    static final int USERS = 50;

    /** A Redis with failover, as the test drives it. */
    private interface Failover extends AutoCloseable {
        RedisStore store();

        /** A cluster bus on this Redis. */
        Cluster bus();

        void freezeReplicas() throws Exception;

        /** SIGKILLs a master. */
        void killMaster() throws Exception;

        /** Lets the replicas go on, and waits until one took the dead master's place. */
        void thawAndAwaitPromotion() throws Exception;
    }

    private static Failover sentinels(Path directory) throws Exception {
        RedisSentinels redis = RedisSentinels.start(directory);
        return new Failover() {
            public RedisStore store() {
                return RedisStore.connect(redis.uri(), "simples:test:failover:");
            }

            public Cluster bus() {
                return Cluster.redis(redis.uri(), "failover");
            }

            public void freezeReplicas() throws Exception {
                redis.freezeReplicas();
            }

            private int old;

            public void killMaster() throws Exception {
                old = redis.killMaster();
            }

            public void thawAndAwaitPromotion() throws Exception {
                redis.thawReplicas();
                redis.awaitFailover(old, Duration.ofSeconds(30));
            }

            public void close() throws Exception {
                redis.close();
            }
        };
    }

    private static Failover cluster(Path directory) throws Exception {
        RedisClusterNodes redis = RedisClusterNodes.start(directory);
        return new Failover() {
            public RedisStore store() {
                return RedisStore.connectCluster(redis.uri(), "simples:test:failover:", RedisStore.COMMAND_TIMEOUT);
            }

            public Cluster bus() {
                return Cluster.redisCluster(redis.uri(), "failover");
            }

            public void freezeReplicas() throws Exception {
                redis.freezeReplicas();
            }

            public void killMaster() throws Exception {
                redis.kill(redis.masters().get(0));
            }

            public void thawAndAwaitPromotion() throws Exception {
                redis.thaw();
                redis.awaitOk(Duration.ofSeconds(30));
            }

            public void close() throws Exception {
                redis.close();
            }
        };
    }

    @Test
    void on_sentinel_with_replicas_no_acknowledged_write_is_lost_and_the_bus_delivers_again(@TempDir Path directory)
            throws Exception {
        try (Failover redis = sentinels(directory)) {
            assertEquals(0, writeThroughAFailover(redis, true), "acknowledged writes lost with replicas(1)");
        }
    }

    @Test
    void on_sentinel_without_replicas_the_writes_lost_to_a_failover_are_counted(@TempDir Path directory, TestReporter report)
            throws Exception {
        try (Failover redis = sentinels(directory)) {
            int lost = writeThroughAFailover(redis, false);
            report.publishEntry("users that lost their last acknowledged write, without replicas", lost + " of " + USERS);
            assertEquals(USERS, lost, "every user's writes acknowledged while the replicas lagged are gone");
        }
    }

    @Test
    void on_redis_cluster_with_replicas_no_acknowledged_write_is_lost_and_the_bus_delivers_again(@TempDir Path directory)
            throws Exception {
        try (Failover redis = cluster(directory)) {
            assertEquals(0, writeThroughAFailover(redis, true), "acknowledged writes lost with replicas(1)");
        }
    }

    @Test
    void on_redis_cluster_without_replicas_the_users_of_the_dead_master_lose_writes(@TempDir Path directory) throws Exception {
        try (Failover redis = cluster(directory)) {
            int lost = writeThroughAFailover(redis, false);
            assertTrue(lost > 0 && lost < USERS, "the users whose slot lived on the dead master, about a third; got " + lost);
        }
    }

    /** Writes through a failover; answers how many users read back less than their last acknowledged value. */
    private int writeThroughAFailover(Failover redis, boolean replicas) throws Exception {
        boolean bus = replicas; // the bus's part of the test runs with the replicas' (one failover each)
        RedisStore store = redis.store();
        assertThrows(IllegalArgumentException.class, () -> store.replicas(-1, Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> store.replicas(1, Duration.ZERO));
        if (replicas) {
            store.replicas(1, Duration.ofMillis(500));
        }
        Cluster clusterA = bus ? redis.bus() : null;
        Cluster clusterB = bus ? redis.bus() : null;
        Node a = new Node(store, clusterA);
        Node b = bus ? new Node(store, clusterB) : null;
        List<HttpClient> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build());
        }
        AtomicLongArray acknowledged = new AtomicLongArray(USERS); // read while the writers write
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            int user = i;
            Thread writer = new Thread(() -> {
                for (long n = 1; writing.get(); n++) {
                    try {
                        HttpResponse<String> answer = users.get(user).send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + a.server.port() + "/write?n=" + n)).timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            acknowledged.set(user, n);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        try {
            awaitProgress(acknowledged, 3);
            // the replicas fall behind (as a slow network or a busy replica makes them), the master
            // dies, and a replica that missed the latest writes takes over
            redis.freezeReplicas();
            if (replicas) {
                long failed = failures.get(); // a save that no replica confirms fails: nothing acknowledged
                Await.until("a failed save per user", Duration.ofSeconds(30), () -> failures.get() >= failed + USERS);
            } else {
                awaitProgressPast(acknowledged, snapshot(acknowledged), Duration.ofSeconds(30), 2); // acknowledged by the master alone
            }
            redis.killMaster();
            writing.set(false); // mid-traffic: what each user last saw acknowledged is what must survive
            for (Thread writer : writers) {
                writer.join();
            }
            redis.thawAndAwaitPromotion();
            // the same process, no restart: its store follows the new master (a new user, whose write changes nothing measured)
            HttpClient newcomer = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String afterwards = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"ok".equals(afterwards) && System.nanoTime() < deadline) {
                afterwards = newcomer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.server.port() + "/write?n=1"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertEquals("ok", afterwards, "a save through the same store within 10 s of the failover");
            if (bus) {
                broadcastReaches(a, b);
            }
        } finally {
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        LOG.info("{} failed writes (503s and timeouts) during the failover", failures.get());
        // a fresh server, whose sessions come from Redis alone
        Node reader = new Node(store, null);
        int lost = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the client may still be learning the new topology
            for (int i = 0; i < USERS; i++) {
                HttpResponse<String> read;
                do {
                    read = users.get(i).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + reader.server.port() + "/read"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                } while (read.statusCode() == 503 && System.nanoTime() < deadline);
                assertEquals(200, read.statusCode(), "loads succeed again within 10 s: " + read.body());
                long value = read.body().equals("null") ? 0 : Long.parseLong(read.body());
                if (value < acknowledged.get(i)) {
                    lost++;
                }
            }
        } finally {
            reader.server.stop();
            a.server.stop();
            if (b != null) {
                b.server.stop();
            }
            store.close();
            if (bus) {
                clusterA.close();
                clusterB.close();
            }
        }
        return lost;
    }

    /** A server whose sessions are in {@code store}: {@code POST /write?n=}, {@code GET /read}, and a WebSocket endpoint. */
    private static final class Node {
        final Server server = Simples.server(0);
        final WSHost feed;

        Node(RedisStore store, Cluster cluster) {
            server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            if (cluster != null) {
                server.cluster(cluster);
            }
            server.post("/write", c -> {
                c.session().put("n", Long.parseLong(c.query().get("n")));
                c.end("ok");
            });
            server.get("/read", c -> c.end(String.valueOf(c.session().get("n"))));
            feed = server.ws("feed", WSOptions.defaults(), connection -> { });
            server.start();
        }
    }

    /** Waits until every user has {@code writes} acknowledged writes. */
    private static void awaitProgress(AtomicLongArray acknowledged, long writes) {
        awaitProgressPast(acknowledged, new long[acknowledged.length()], Duration.ofSeconds(30), writes);
    }

    private static long[] snapshot(AtomicLongArray acknowledged) {
        long[] copy = new long[acknowledged.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = acknowledged.get(i);
        }
        return copy;
    }

    /** Waits until every user has {@code more} acknowledged writes past {@code before}. */
    private static void awaitProgressPast(AtomicLongArray acknowledged, long[] before, Duration limit, long more) {
        // the writers' progress: 50 counters, no event to await
        Await.until("every user writing " + more + " more", limit,
                () -> java.util.stream.IntStream.range(0, before.length).allMatch(i -> acknowledged.get(i) >= before[i] + more));
    }

    /** A broadcast from {@code a} reaches a client of {@code b} within 10 s of the failover. */
    private static void broadcastReaches(Node a, Node b) throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Client client = Client.create()) {
            ClientConnection socket = client.ws("ws://127.0.0.1:" + b.server.port() + "/feed").onMessage(m -> heard.add(m.text()));
            socket.open().join();
            WSHost feed = a.feed;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String got = null;
            while (got == null && System.nanoTime() < deadline) {
                feed.broadcast("after the failover");
                got = heard.poll(200, TimeUnit.MILLISECONDS);
            }
            assertNotNull(got, "no broadcast from the other server within 10 s of the failover");
            socket.close();
        }
    }
}
