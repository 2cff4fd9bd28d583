package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.session.Await;
import io.simples.session.RedisClusterNodes;
import io.simples.session.SharedRedis;
import io.simples.session.Store;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence by session, on one server and across servers on one Redis (and on Redis Cluster): a user with several tabs
 * on several servers is one member, a tab that reloads within the grace period neither leaves nor
 * joins, a server that joins later learns who is there, and a server that goes silent takes its
 * members along.
 */
@Timeout(90)
class PresenceTest {

    static final Duration GRACE = Duration.ofMillis(500);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String name;

    PresenceTest(TestInfo info) {
        name = "presence-" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** One server: a login, and a room whose members show their name. */
    final class Node {
        final Server server = Simples.server(0);
        final WSHost room;
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicInteger binds = new java.util.concurrent.atomic.AtomicInteger();

        Node(Store store, Cluster cluster) {
            server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            if (cluster != null) {
                server.cluster(cluster);
            }
            server.post("/login/:name", c -> {
                c.session().put("name", c.params().get("name"));
                c.end("ok");
            });
            room = server.ws("room", WSOptions.defaults(), c -> c.endpoint().channel("lobby").bind(c));
            room.presence(session -> Map.of("name", session.get("name")), GRACE);
            room.channel("lobby").onBind(c -> binds.incrementAndGet()).onJoin(fields -> heard.add("join " + fields.get("name")))
                    .onLeave(fields -> heard.add("leave " + fields.get("name")));
            server.start();
            closing.add(server::stop);
        }

        String login(String who) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/login/" + who)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return response.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        }

        WebSocket tab(String cookie) throws Exception {
            int before = binds.get();
            WebSocket socket = http.newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/room"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            Await.until("the tab bound", Duration.ofSeconds(10), () -> binds.get() > before);
            return socket;
        }

        String next() throws InterruptedException {
            String event = heard.poll(15, TimeUnit.SECONDS);
            assertEquals(true, event != null, "no presence event in 15 s");
            return event;
        }

        List<Object> names() {
            return room.channel("lobby").members().stream().map(fields -> fields.get("name")).sorted().map(Object.class::cast).toList();
        }
    }

    static void close(WebSocket socket) {
        socket.sendClose(1000, "").join();
    }

    @Test
    void on_one_server_tabs_of_one_session_are_one_member_and_a_reload_does_not_flicker() throws Exception {
        Node node = new Node(null, null);
        String ada = node.login("ada");
        WebSocket first = node.tab(ada);
        assertEquals("join ada", node.next());
        WebSocket second = node.tab(ada);
        assertEquals(List.of("ada"), node.names());
        close(first);
        WebSocket reloaded = node.tab(ada); // within the grace period
        close(second);
        String bob = node.login("bob");
        node.tab(bob);
        assertEquals("join bob", node.next(), "ada neither left nor joined again");
        assertEquals(List.of("ada", "bob"), node.names());
        close(reloaded);
        assertEquals("leave ada", node.next());
        assertEquals(List.of("bob"), node.names());
        assertThrows(IllegalStateException.class, () -> node.server.ws("bare", WSOptions.defaults(), c -> { })
                .channel("x").members(), "a host without presence says so");
    }

    @Test
    void across_servers_a_member_is_counted_once_a_newcomer_learns_who_is_there_and_a_silent_server_takes_its_members()
            throws Exception {
        io.simples.session.RedisStore store = SharedRedis.connect("simples:test:" + name + ":");
        closing.add(store);
        acrossServers(store, () -> Cluster.redis(SharedRedis.URI, name));
    }

    /** The same on Redis Cluster: the bus's plain pub/sub reaches every shard, so presence and counts do too. */
    @Test
    void on_redis_cluster_presence_and_counts_cross_the_shards(@TempDir Path directory) throws Exception {
        RedisClusterNodes redis = RedisClusterNodes.start(directory);
        closing.add(redis);
        io.simples.session.RedisStore store = io.simples.session.RedisStore.connectCluster(redis.uri());
        closing.add(store);
        acrossServers(store, () -> Cluster.redisCluster(redis.uri(), name));
    }

    private void acrossServers(Store store, Supplier<Cluster> buses) throws Exception {
        Cluster clusterOne = buses.get();
        Cluster clusterTwo = buses.get();
        closing.add(clusterOne);
        closing.add(clusterTwo);
        Node one = new Node(store, clusterOne);
        Node two = new Node(store, clusterTwo);
        Await.until("the servers know each other", Duration.ofSeconds(10), () -> clusterOne.servers() == 2 && clusterTwo.servers() == 2);
        String ada = one.login("ada");
        one.tab(ada);
        assertEquals("join ada", one.next());
        assertEquals("join ada", two.next(), "the other server hears the join");
        WebSocket adaOnTwo = two.tab(ada);
        String bob = two.login("bob");
        two.tab(bob);
        assertEquals("join bob", two.next(), "ada's second tab, on the other server, is no new member");
        assertEquals("join bob", one.next());
        assertEquals(List.of("ada", "bob"), one.names());
        assertEquals(new ClusterCount(3, 2, 2), Await.await(one.room.channel("lobby").count(Duration.ofSeconds(5))),
                "two servers, three tabs, counted from either");
        assertEquals(new ClusterCount(3, 2, 2), Await.await(two.room.count(Duration.ofSeconds(5))));

        Cluster clusterThree = buses.get();
        closing.add(clusterThree);
        Node three = new Node(store, clusterThree);
        Await.until("the newcomer learns who is there", Duration.ofSeconds(10), () -> three.names().equals(List.of("ada", "bob")));
        assertEquals(List.of("join ada", "join bob"), java.util.stream.Stream.of(three.next(), three.next()).sorted().toList(),
                "its listeners hear of those it learns of");

        close(adaOnTwo); // ada stays: a tab of hers is open on server one

        clusterTwo.close(); // server two goes silent without a goodbye, as a killed process does
        // forgetting a silent server takes seconds, far past the grace period: a "leave ada" would come first
        assertEquals("leave bob", one.next(), "the others forget a silent server, and its members leave " + one.heard);
        assertEquals(List.of("ada"), one.names());
        assertEquals("leave bob", three.next());
    }
}
