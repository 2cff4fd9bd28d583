package io.simples.http;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.session.Await;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.session.Store;
import io.simples.ws.WSConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import io.simples.session.RedisProcess;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers on one Redis made one by a cluster: each has its own store connection and its own bus
 * connections, as separate processes would, and the clients are the JDK's. Broadcasts, channels,
 * filters, counts and session events must cross; nothing may be waited for with a sleep.
 */
@Timeout(120)
class ClusterTest {

    private final String name = "simples-test-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Throwable> listenerFailures = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** One server of the cluster under test. */
    final class Node {
        final Server server;
        final WSHost room;
        final Cluster cluster;

        Node(Store store, Cluster cluster) {
            this.cluster = cluster;
            server = Simples.server(0);
            server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            server.cluster(cluster);
            server.post("/login/:name", c -> {
                c.session().generate().join();
                c.session().put("name", c.params().get("name"));
                c.end("ok");
            });
            server.post("/name/:name", c -> {
                c.session().put("name", c.params().get("name"));
                c.end("ok");
            });
            server.post("/logout", c -> {
                c.session().destroy().join();
                c.end("bye");
            });
            room = server.ws("room", WSOptions.defaults(), this::open);
            room.filter("admins", c -> "admin".equals(c.data().get("role")));
            closing.add(server::stop);
        }

        private void open(WSConnection c) {
            c.onError(listenerFailures::add);
            String joined = c.query().getOrDefault("room", "lobby");
            c.data().put("role", c.query().getOrDefault("role", "user"));
            c.data().put("room", joined);
            c.endpoint().channel(joined).bind(c);
            c.onMessage(message -> {
                String text = message.text();
                String room = (String) c.data().get("room");
                if (text.startsWith("say ")) {
                    c.endpoint().channel(room).broadcast(text.substring(4));
                } else if (text.startsWith("all ")) {
                    c.endpoint().broadcast(text.substring(4));
                } else if (text.equals("leave")) {
                    c.endpoint().channel(room).unbind(c);
                    c.send("left");
                } else if (text.equals("whoami")) {
                    c.send("me " + c.session().id() + " " + c.session().get("name"));
                }
            });
            c.onSessionChange(keys -> c.send("changed " + new TreeSet<>(keys) + " " + c.session().get("name")));
        }

        WebSocketTest.Client connect(String query, String cookie) throws Exception {
            WebSocketTest.Client client = new WebSocketTest.Client();
            var builder = http.newWebSocketBuilder();
            if (cookie != null) {
                builder.header("Cookie", cookie);
            }
            int before = room.connections().size();
            client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/room" + query), client)
                    .get(10, TimeUnit.SECONDS);
            // it joins the broadcasts when its open listener has returned
            Await.until("the socket joined " + this, Duration.ofSeconds(10), () -> room.connections().size() > before);
            return client;
        }

        String post(String path, String cookie) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.headers().firstValue("set-cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(cookie);
        }
    }

    private RedisStore store;

    @BeforeEach
    void redis() {
        store = SharedRedis.connect("simples:test:" + name + ":");
        closing.add(store);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        assertEquals(List.of(), listenerFailures);
    }

    private Cluster cluster() {
        Cluster cluster = Cluster.redis(SharedRedis.URI, name);
        closing.add(cluster);
        return cluster;
    }

    private List<Node> nodes(int count) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(new Node(store, cluster()));
        }
        for (Node node : nodes) {
            Await.until("every server knows the others", Duration.ofSeconds(10), () -> node.cluster.servers() == count);
        }
        return nodes;
    }

    @Test
    void a_broadcast_on_each_server_reaches_every_connection_on_all() throws Exception {
        List<Node> nodes = nodes(3);
        List<WebSocketTest.Client> clients = new ArrayList<>();
        for (Node node : nodes) {
            clients.add(node.connect("", null));
        }
        for (int from = 0; from < 3; from++) {
            clients.get(from).socket.sendText("all hello from " + from, true).get(5, TimeUnit.SECONDS);
            for (WebSocketTest.Client client : clients) {
                assertEquals("text:hello from " + from, client.next());
            }
        }
        nodes.get(1).room.broadcast("event", List.of(1, 2)); // from the application, not a listener
        for (WebSocketTest.Client client : clients) {
            assertEquals("text:[1,2]", client.next().replace("{\"event\":\"event\",\"data\":", "").replace("}", ""));
        }
        nodes.get(2).room.broadcast(new byte[] {1, 2, 3});
        for (WebSocketTest.Client client : clients) {
            assertEquals("binary:3", client.next());
        }
        ClusterCount count = await(nodes.get(0).room.count(Duration.ofSeconds(5)));
        assertEquals(new ClusterCount(3, 3, 3), count);
        assertFalse(count.partial());
    }

    @Test
    void channels_are_joined_per_server_and_broadcast_across_them() throws Exception {
        List<Node> nodes = nodes(3);
        WebSocketTest.Client a = nodes.get(0).connect("?room=r1", null);
        WebSocketTest.Client b = nodes.get(1).connect("?room=r1", null);
        WebSocketTest.Client c = nodes.get(2).connect("?room=r2", null);

        a.socket.sendText("say one", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:one", a.next());
        assertEquals("text:one", b.next());
        assertEquals(new ClusterCount(2, 3, 3), await(nodes.get(2).room.channel("r1").count(Duration.ofSeconds(5))));

        b.socket.sendText("leave", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:left", b.next());
        a.socket.sendText("say two", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:two", a.next());
        // what each of b and c gets next is the marker: neither got "two" nor "one"
        nodes.get(2).room.broadcast("marker");
        assertEquals("text:marker", b.next());
        assertEquals("text:marker", c.next());
        assertEquals("text:marker", a.next());

        nodes.get(1).room.channel("r1").close(); // on every server: a leaves it too
        Await.until("r1 closed on the first server", Duration.ofSeconds(5),
                () -> nodes.get(0).room.channel("r1").connections().isEmpty());
    }

    @Test
    void a_named_filter_runs_on_every_server_and_a_lambda_is_refused() throws Exception {
        List<Node> nodes = nodes(3);
        WebSocketTest.Client admin1 = nodes.get(1).connect("?role=admin", null);
        WebSocketTest.Client user1 = nodes.get(1).connect("", null);
        WebSocketTest.Client admin2 = nodes.get(2).connect("?role=admin", null);
        WSHost room = nodes.get(0).room;

        room.broadcast("admins only", room.filter("admins", c -> "admin".equals(c.data().get("role"))));
        assertEquals("text:admins only", admin1.next());
        assertEquals("text:admins only", admin2.next());
        room.broadcast("everybody");
        assertEquals("text:everybody", user1.next(), "the user got nothing before");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> room.broadcast("x", c -> true));
        assertTrue(refused.getMessage().contains("host.filter(name, predicate)"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> room.channel("r", c -> true));
        // a filter of this name binds on every server
        room.channel("staff", room.filter("admins", c -> "admin".equals(c.data().get("role"))));
        Await.until("admins bound on every server", Duration.ofSeconds(5),
                () -> await(room.channel("staff").count(Duration.ofSeconds(5))).connections() == 2);
    }

    @Test
    void a_filter_another_server_does_not_know_drops_the_message_there_and_nothing_else() throws Exception {
        List<Node> nodes = nodes(2);
        WebSocketTest.Client near = nodes.get(0).connect("", null);
        WebSocketTest.Client far = nodes.get(1).connect("", null);
        WSHost room = nodes.get(0).room;
        room.broadcast("only here", room.filter("registered-here-only", c -> true));
        assertEquals("text:only here", near.next());
        room.broadcast("marker");
        assertEquals("text:marker", near.next());
        assertEquals("text:marker", far.next(), "the unknown filter's message was dropped there");
    }

    @Test
    void a_server_stuck_in_a_filter_slows_neither_the_sender_nor_the_others() throws Exception {
        List<Node> nodes = nodes(3);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        for (Node node : nodes) { // the same name everywhere; on the second server it hangs until told
            boolean hangs = node == nodes.get(1);
            node.room.filter("slow", c -> {
                if (hangs) {
                    entered.countDown();
                    try {
                        stuck.await(); // a filter that blocks: a slow database, say
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            });
        }
        WebSocketTest.Client near = nodes.get(0).connect("", null);
        WebSocketTest.Client stalled = nodes.get(1).connect("", null);
        WebSocketTest.Client other = nodes.get(2).connect("", null);
        WSHost room = nodes.get(0).room;
        room.broadcast("through the filter", room.filter("slow", c -> true));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the second server is in its filter");
        for (int i = 0; i < 100; i++) {
            room.broadcast("then " + i);
        }
        assertEquals("text:through the filter", near.next());
        assertEquals("text:through the filter", other.next());
        for (int i = 0; i < 100; i++) {
            assertEquals("text:then " + i, near.next());
            assertEquals("text:then " + i, other.next(), "the third server is not held up by the second");
        }
        assertEquals(null, stalled.received.poll(), "the second server has sent nothing while stuck");
        stuck.countDown();
        assertEquals("text:through the filter", stalled.next());
        for (int i = 0; i < 100; i++) {
            assertEquals("text:then " + i, stalled.next(), "and then everything, in order");
        }
    }

    @Test
    void a_thousand_messages_from_one_sender_arrive_in_order() throws Exception {
        List<Node> nodes = nodes(2);
        WebSocketTest.Client far = nodes.get(1).connect("", null);
        for (int i = 0; i < 1000; i++) {
            nodes.get(0).room.channel("lobby").broadcast(Integer.toString(i));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals("text:" + i, far.next());
        }
    }

    @Test
    void a_logout_on_one_server_closes_the_socket_on_another_with_1008() throws Exception {
        List<Node> nodes = nodes(2);
        String cookie = nodes.get(0).post("/login/ada", null);
        WebSocketTest.Client socket = nodes.get(1).connect("", cookie);
        socket.socket.sendText("whoami", true).get(5, TimeUnit.SECONDS);
        assertTrue(socket.next().endsWith(" ada"));

        nodes.get(0).post("/logout", cookie);
        assertEquals("close:1008:session destroyed", socket.next());
    }

    @Test
    void a_new_id_on_one_server_moves_the_live_session_on_another() throws Exception {
        List<Node> nodes = nodes(2);
        String cookie = nodes.get(0).post("/login/ada", null);
        WebSocketTest.Client socket = nodes.get(1).connect("", cookie);

        String moved = nodes.get(0).post("/login/grace", cookie);
        assertNotEquals(cookie, moved);
        assertEquals("text:changed [name] grace", socket.next(), "the save under the new id, heard and read");
        socket.socket.sendText("whoami", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:me " + moved.substring("_session=".length()) + " grace", socket.next());
    }

    @Test
    void a_value_set_over_http_on_one_server_reaches_the_socket_on_another() throws Exception {
        List<Node> nodes = nodes(2);
        String cookie = nodes.get(0).post("/login/ada", null);
        WebSocketTest.Client socket = nodes.get(1).connect("", cookie);
        for (String value : List.of("b", "c", "d")) {
            nodes.get(0).post("/name/" + value, cookie);
            assertEquals("text:changed [name] " + value, socket.next());
        }
    }

    @Test
    void garbage_on_the_bus_is_dropped_and_counted() throws Exception {
        List<Node> nodes = nodes(2);
        WebSocketTest.Client far = nodes.get(1).connect("", null);
        RedisClient redis = RedisClient.create(SharedRedis.URI);
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            connection.sync().publish(name + ":bus", "not ours");
            connection.sync().publish(name + ":bus", "S\u0001\u0003 cut short");
        } finally {
            redis.shutdown();
        }
        Cluster cluster = nodes.get(1).cluster;
        Await.until("both counted", Duration.ofSeconds(5), () -> cluster.stats().malformed() == 2);
        nodes.get(0).room.broadcast("still working");
        assertEquals("text:still working", far.next());
    }

    @Test
    void a_server_that_does_not_answer_makes_a_partial_count() throws Exception {
        List<Node> nodes = nodes(2);
        nodes.get(1).connect("", null);
        nodes.get(1).cluster.close(); // gone without a goodbye: still known for a few seconds
        ClusterCount count = await(nodes.get(0).room.count(Duration.ofMillis(300)));
        assertTrue(count.partial(), count.toString());
        assertEquals(0, count.connections());
        assertEquals(2, count.servers());
    }

    @Test
    void a_redis_restart_stops_only_what_crosses_servers_and_the_bus_comes_back_by_itself(@TempDir Path directory)
            throws Exception {
        Set<String> threadsBefore = threadNames();
        try (RedisProcess redis = RedisProcess.start(directory)) {
            Cluster one = Cluster.redis(redis.uri(), name);
            Cluster two = Cluster.redis(redis.uri(), name);
            Node a = new Node(store, one);
            Node b = new Node(store, two);
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            a.server.onError((connection, failure) -> reported.add(failure));
            Await.until("the servers know each other", Duration.ofSeconds(10), () -> one.servers() == 2 && two.servers() == 2);
            WebSocketTest.Client near = a.connect("", null);
            WebSocketTest.Client far = b.connect("", null);
            a.room.broadcast("before");
            assertEquals("text:before", near.next());
            assertEquals("text:before", far.next());

            redis.stop();
            Await.until("the outage is noticed", Duration.ofSeconds(10), () -> !one.connected());
            for (int i = 0; i < 20; i++) {
                a.room.broadcast("during " + i);
                assertEquals("text:during " + i, near.next(), "this server's own connections are served");
            }
            Await.until("the outage is reported once", Duration.ofSeconds(5), () -> reported.size() == 1);
            Await.until("what was published meanwhile is counted as dropped", Duration.ofSeconds(5),
                    () -> one.stats().dropped() >= 20);

            redis.start();
            long back = System.nanoTime();
            for (int i = 0; ; i++) {
                a.room.broadcast("after " + i);
                assertEquals("text:after " + i, near.next());
                String heard = far.received.poll(100, TimeUnit.MILLISECONDS);
                if (heard != null) {
                    assertTrue(heard.startsWith("text:after "), "nothing of the outage arrives later: " + heard);
                    break;
                }
                assertTrue(System.nanoTime() - back < TimeUnit.SECONDS.toNanos(5),
                        "cross-server delivery did not resume within 5 s of Redis coming back");
            }
            // connected() is this process's subscriber; its publisher reconnects on its own and may
            // deliver to the other server first (a CI run asserted it at once and failed)
            Await.until("this server hears the bus again", Duration.ofSeconds(5), one::connected);
            assertEquals(1, reported.size(), "told once per outage: " + reported);
            a.server.stop();
            b.server.stop();
            one.close();
            two.close();
        }
        Await.until("the buses' threads are gone", Duration.ofSeconds(10), () -> {
            Set<String> left = threadNames();
            left.removeAll(threadsBefore);
            left.removeIf(thread -> !thread.startsWith("simples-cluster") && !thread.startsWith("lettuce-"));
            return left.isEmpty();
        });
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.add(thread.getName()));
        return names;
    }

    @Test
    void a_message_to_a_session_reaches_its_connections_on_every_server_and_nobody_else() throws Exception {
        List<Node> nodes = nodes(2);
        Node one = nodes.get(0);
        Node two = nodes.get(1);
        String ada = one.post("/login/ada", null);
        String bob = one.post("/login/bob", null);
        WebSocketTest.Client adaHere = one.connect("", ada);
        WebSocketTest.Client adaThere = two.connect("", ada);
        WebSocketTest.Client bobHere = one.connect("", bob);
        String adaId = ada.substring(ada.indexOf('=') + 1);
        assertEquals(new ClusterCount(2, 2, 2), await(two.room.toSession(adaId, null, "for ada", Duration.ofSeconds(5))));
        assertEquals("text:for ada", adaHere.next());
        assertEquals("text:for ada", adaThere.next());
        assertEquals(new ClusterCount(0, 2, 2), await(one.room.toSession("0123456789abcdef0123456789abcdef", "x", 1,
                Duration.ofSeconds(5))), "a session without connections: nobody");
        one.room.broadcast("after");
        assertEquals("text:after", bobHere.next(), "bob heard nothing before the broadcast");
        assertEquals("text:after", adaHere.next());
    }

    @Test
    void servers_that_share_one_cluster_object_hear_each_other_without_redis() throws Exception {
        Cluster local = Cluster.local();
        closing.add(local);
        Node one = new Node(store, local);
        Node two = new Node(store, local);
        WebSocketTest.Client far = two.connect("", null);
        one.room.broadcast("in process");
        assertEquals("text:in process", far.next());
        assertEquals(2, local.servers());
        assertEquals(new ClusterCount(1, 2, 2), await(one.room.count(Duration.ofSeconds(5))));
    }
}
