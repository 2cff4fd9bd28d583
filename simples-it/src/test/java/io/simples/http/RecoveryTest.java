package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.session.Await;
import io.simples.session.MemoryStore;
import io.simples.session.SharedRedis;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSConnection;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing lost across a reconnect ({@code WSHost.recovery}): what is sent to a session and to its
 * channels while its client is away comes, once and in order, when the client comes back — on
 * one server (the journal in memory) and on two servers of a cluster in one process; too long
 * away is told; a request that is not ours, or that asks for a channel the session never was in,
 * gets nothing it should not.
 */
@Timeout(60)
class RecoveryTest {

    static final WSOptions ADVANCED = WSOptions.defaults().advanced(true);

    final List<AutoCloseable> closing = new ArrayList<>();
    final Client client = Client.create(ClientOptions.defaults().cookies(true));
    final MemoryStore store = new MemoryStore(); // one for every server: a session is the same on each

    @AfterEach
    void close() throws Exception {
        client.close();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        store.close();
    }

    /** A server with sessions and the endpoint {@code /feed}: keeps recovery, binds to the channel a client joins, says who the session is. */
    final class Node {
        final Server server = Simples.server(0);
        final WSHost feed;
        final BlockingQueue<WSConnection> opened = new LinkedBlockingQueue<>();

        Node(Cluster cluster, Duration keep, int count) {
            server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            if (cluster != null) {
                server.cluster(cluster);
            }
            server.get("/login", c -> {
                c.session().put("user", "ada");
                c.end(c.session().id());
            });
            feed = server.ws("feed", ADVANCED, c -> {
                c.on("join", room -> c.endpoint().channel((String) room).bind(c));
                c.on("leave", room -> c.endpoint().channel((String) room).unbind(c));
                c.onAsk("joined", room -> {
                    c.endpoint().channel((String) room).bind(c);
                    return "in " + room;
                });
                opened.add(c);
            });
            feed.recovery(keep, count);
            server.start();
            closing.add(server::stop);
        }

        Node() {
            this(null, Duration.ofMinutes(2), 1000);
        }

        String url() {
            return "ws://127.0.0.1:" + server.port() + "/feed";
        }

        String login() {
            return client.get("http://127.0.0.1:" + server.port() + "/login").send().join().text();
        }

        void toSession(String session, String event, Object data) {
            ClusterCount count = feed.toSession(session, event, data, Duration.ofSeconds(5)).join();
            assertNotNull(count);
        }
    }

    /** Waits until the node's connection joined its host (after its open listener): from then on it gets what is sent. */
    static void live(Node node) {
        Await.until("the connection joined its host", Duration.ofSeconds(5), () -> !node.feed.connections().isEmpty());
    }

    /** A client's end that records each event it hears as {@code event data}, the resume report as {@code resumed …}. */
    final class Listening {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        final ClientConnection socket;

        Listening(String url, ClientConnection previous) {
            ClientConnection made = client.ws(url, ADVANCED);
            if (previous != null) {
                made.resumeFrom(previous);
            }
            for (String event : List.of("news", "room", "other")) {
                made.on(event, data -> heard.add(event + " " + data));
            }
            made.on("simples:resumed", data -> heard.add("resumed " + data));
            socket = made;
            socket.open().join();
        }

        String next() throws InterruptedException {
            String message = heard.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "nothing heard in 10 s");
            return message;
        }

        List<String> next(int count) throws InterruptedException {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                messages.add(next());
            }
            return messages;
        }

        /** Drops the connection as a lost network would: the server sees it go without a close frame from the client's side. */
        void drop() {
            socket.close(1001, "away");
            socket.closed().join();
        }
    }

    @Test
    void what_is_sent_to_the_session_while_away_comes_in_order_once_then_it_goes_on_live() throws Exception {
        Node node = new Node();
        String session = node.login();
        Listening first = new Listening(node.url(), null);
        node.opened.take();
        live(node);
        node.toSession(session, "news", 1);
        assertEquals("news 1", first.next());
        first.drop();
        for (int i = 2; i <= 6; i++) {
            node.toSession(session, "news", i);
        }
        Listening again = new Listening(node.url(), first.socket);
        assertEquals(List.of("news 2", "news 3", "news 4", "news 5", "news 6", "resumed {recovered=true, replayed=5}"),
                again.next(6));
        node.toSession(session, "news", 7);
        assertEquals("news 7", again.next());
        assertNull(again.heard.poll(200, TimeUnit.MILLISECONDS), "nothing twice");
    }

    @Test
    void a_channel_it_was_in_is_replayed_and_bound_again() throws Exception {
        Node node = new Node();
        node.login();
        Listening first = new Listening(node.url(), null);
        assertEquals("in lobby", first.socket.ask("joined", "lobby", Duration.ofSeconds(5)).join());
        node.feed.channel("lobby").broadcast("room", "a");
        assertEquals("room a", first.next());
        first.drop();
        node.feed.channel("lobby").broadcast("room", "b");
        node.feed.channel("lobby").broadcast("room", "c");
        Listening again = new Listening(node.url(), first.socket);
        assertEquals(List.of("room b", "room c", "resumed {recovered=true, replayed=2}"), again.next(3));
        node.feed.channel("lobby").broadcast("room", "d");
        assertEquals("room d", again.next(), "bound to the channel again, live");
    }

    @Test
    void a_client_that_never_heard_a_message_resumes_from_where_its_session_stood() throws Exception {
        Node node = new Node();
        String session = node.login();
        Listening first = new Listening(node.url(), null);
        node.opened.take();
        live(node);
        // the position comes by itself, after the open; a message proves it came before it
        node.toSession(session, "other", "ping");
        assertEquals("other ping", first.next());
        first.drop();
        node.toSession(session, "news", "while away");
        Listening again = new Listening(node.url(), first.socket);
        assertEquals(List.of("news while away", "resumed {recovered=true, replayed=1}"), again.next(2));
    }

    @Test
    void too_long_away_is_told_and_the_latest_kept_still_come() throws Exception {
        Node node = new Node(null, Duration.ofMinutes(2), 3);
        String session = node.login();
        Listening first = new Listening(node.url(), null);
        node.opened.take();
        live(node);
        node.toSession(session, "news", 0);
        assertEquals("news 0", first.next());
        first.drop();
        for (int i = 1; i <= 5; i++) {
            node.toSession(session, "news", i);
        }
        Listening again = new Listening(node.url(), first.socket);
        assertEquals(List.of("news 3", "news 4", "news 5", "resumed {recovered=false, replayed=3}"), again.next(4));
    }

    @Test
    void a_channel_the_session_left_or_never_joined_is_not_replayed() throws Exception {
        Node node = new Node();
        node.login();
        Listening first = new Listening(node.url(), null);
        node.feed.channel("lobby").broadcast("room", "lobby 0"); // before the session joined: never its to see
        assertEquals("in lobby", first.socket.ask("joined", "lobby", Duration.ofSeconds(5)).join());
        assertEquals("in back", first.socket.ask("joined", "back", Duration.ofSeconds(5)).join());
        node.feed.channel("lobby").broadcast("room", "lobby 1");
        node.feed.channel("back").broadcast("room", "back 1");
        assertEquals(List.of("room lobby 1", "room back 1"), first.next(2));
        first.socket.send("leave", "back");
        Await.until("left back", Duration.ofSeconds(5), () -> node.feed.channel("back").connections().isEmpty());
        first.drop();
        node.feed.channel("lobby").broadcast("room", "lobby 2");
        node.feed.channel("back").broadcast("room", "back 2");
        node.feed.channel("secret").broadcast("room", "secret 1");
        // a hand-made request naming a channel this session was never in, from its very start
        String asked = URLEncoder.encode("[\"c:secret:0-0\",\"c:back:0-0\",\"c:lobby:0-0\"]", StandardCharsets.UTF_8);
        Listening again = new Listening(node.url() + "?simples-resume=" + asked, null);
        assertEquals(List.of("room lobby 1", "room lobby 2", "resumed {recovered=true, replayed=2}"), again.next(3),
                "the lobby from where the session joined it, not before; nothing of back or secret");
        assertTrue(node.feed.channel("secret").connections().isEmpty());
        assertTrue(node.feed.channel("back").connections().isEmpty());
    }

    @Test
    void a_resume_request_that_is_not_ours_resumes_nothing_and_the_connection_works() throws Exception {
        Node node = new Node();
        String session = node.login();
        for (String request : List.of("garbage", "{\"s\":1}", "[\"s:x-1\"]", "[1,2]", "[\"nowhere:1-0\"]",
                "[" + "\"s:1-0\",".repeat(64) + "\"s:1-0\"]")) {
            Listening socket = new Listening(node.url() + "?simples-resume=" + URLEncoder.encode(request, StandardCharsets.UTF_8), null);
            assertEquals("resumed {recovered=false, replayed=0}", socket.next(), request);
            node.toSession(session, "news", request);
            assertEquals("news " + request, socket.next(), request);
            socket.drop();
        }
    }

    @Test
    void a_destroyed_session_replays_nothing() throws Exception {
        Node node = new Node();
        node.server.get("/logout", c -> {
            c.session().destroy();
            c.end("out");
        });
        String session = node.login();
        Listening first = new Listening(node.url(), null);
        node.opened.take();
        live(node);
        node.toSession(session, "news", "before");
        assertEquals("news before", first.next());
        first.drop();
        node.toSession(session, "news", "private");
        client.get("http://127.0.0.1:" + node.server.port() + "/logout").send().join();
        Listening again = new Listening(node.url(), first.socket);
        assertEquals("resumed {recovered=true, replayed=0}", again.next(), "a new session has nothing to replay");
        assertNull(again.heard.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void messages_sent_all_through_a_reconnection_arrive_each_once_in_order() throws Exception {
        Node node = new Node(null, Duration.ofMinutes(2), 10_000); // room for all: a gap would be told, not tested
        throughAReconnection(node, node);
    }

    @Test
    void on_redis_messages_sent_by_two_servers_all_through_a_reconnection_to_the_other_arrive_each_once_in_order()
            throws Exception {
        Cluster cluster = redisCluster();
        Node a = new Node(cluster, Duration.ofMinutes(2), 10_000);
        Node b = new Node(cluster, Duration.ofMinutes(2), 10_000);
        throughAReconnection(a, b);
    }

    @Test
    void on_redis_too_long_away_is_told_and_a_channel_is_replayed_from_another_server() throws Exception {
        Cluster cluster = redisCluster();
        Node a = new Node(cluster, Duration.ofMinutes(2), 3);
        Node b = new Node(cluster, Duration.ofMinutes(2), 3);
        String session = a.login();
        Listening first = new Listening(a.url(), null);
        assertEquals("in lobby", first.socket.ask("joined", "lobby", Duration.ofSeconds(5)).join());
        b.feed.channel("lobby").broadcast("room", "from b");
        assertEquals("room from b", first.next());
        first.drop();
        a.feed.channel("lobby").broadcast("room", "a1");
        b.feed.channel("lobby").broadcast("room", "b1");
        Listening again = new Listening(b.url(), first.socket);
        assertEquals(List.of("room a1", "room b1", "resumed {recovered=true, replayed=2}"), again.next(3));
        b.feed.channel("lobby").broadcast("room", "live");
        assertEquals("room live", again.next());
        again.drop();
        for (int i = 1; i <= 5; i++) {
            a.toSession(session, "news", i);
        }
        Listening late = new Listening(a.url(), again.socket);
        assertEquals(List.of("news 3", "news 4", "news 5", "resumed {recovered=false, replayed=3}"), late.next(4));
    }

    /** A cluster on the shared Redis, of a name of its own (its journal's keys with it). */
    private Cluster redisCluster() {
        SharedRedis.connect("simples:test:probe:").close(); // skips, or fails in CI, without Redis
        Cluster cluster = Cluster.redis(SharedRedis.URI, "recovery-" + System.nanoTime());
        closing.add(cluster);
        return cluster;
    }

    /** A client on {@code one} while {@code two} sends to its session without a pause; it drops and resumes on {@code two}. */
    private void throughAReconnection(Node one, Node two) throws Exception {
        String session = one.login();
        Listening first = new Listening(one.url(), null);
        one.opened.take();
        live(one);
        int total = 2_000;
        Thread sender = new Thread(() -> {
            for (int i = 1; i <= total; i++) {
                two.feed.toSession(session, "news", i, Duration.ofSeconds(5));
            }
        });
        sender.start();
        List<Integer> got = new ArrayList<>();
        while (got.size() < total / 4) {
            String message = first.next();
            if (message.startsWith("news ")) { // not a ping that came twice
                got.add(number(message));
            }
        }
        first.drop();
        List<String> late = new ArrayList<>(); // heard before the drop took effect
        first.heard.drainTo(late);
        late.stream().filter(message -> message.startsWith("news ")).forEach(message -> got.add(number(message)));
        Listening again = new Listening(two.url(), first.socket);
        String resumed = null;
        while (got.isEmpty() || got.get(got.size() - 1) < total) {
            String message = again.next();
            if (!message.startsWith("resumed")) {
                got.add(number(message));
            } else {
                resumed = message;
                assertTrue(message.contains("recovered=true"), message);
            }
        }
        sender.join();
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            expected.add(i);
        }
        assertTrue(expected.equals(got), "each once, in order; got " + summary(got) + ", " + resumed);
    }

    /** The runs of consecutive numbers in {@code got}, as {@code 1-589, 1001-2000}: short enough to read in a failure. */
    private static String summary(List<Integer> got) {
        StringBuilder runs = new StringBuilder();
        for (int i = 0; i < got.size(); i++) {
            int start = got.get(i);
            while (i + 1 < got.size() && got.get(i + 1) == got.get(i) + 1) {
                i++;
            }
            runs.append(runs.length() == 0 ? "" : ", ").append(start).append(start == got.get(i) ? "" : "-" + got.get(i));
        }
        return runs.toString();
    }

    private static int number(String message) {
        return Integer.parseInt(message.substring("news ".length()));
    }

    @Test
    void two_servers_of_one_cluster_replay_what_either_sent() throws Exception {
        Cluster cluster = Cluster.local();
        closing.add(cluster);
        Node a = new Node(cluster, Duration.ofMinutes(2), 1000);
        Node b = new Node(cluster, Duration.ofMinutes(2), 1000);
        String session = a.login();
        Listening first = new Listening(a.url(), null);
        a.opened.take();
        live(a);
        b.toSession(session, "news", "from b");
        assertEquals("news from b", first.next());
        first.drop();
        a.toSession(session, "news", "a1");
        b.toSession(session, "news", "b1");
        Listening again = new Listening(b.url(), first.socket);
        assertEquals(List.of("news a1", "news b1", "resumed {recovered=true, replayed=2}"), again.next(3));
    }

    @Test
    void recovery_needs_advanced_mode_and_sane_limits() {
        Server server = Simples.server(0);
        assertThrows(IllegalStateException.class, () -> server.ws("plain", WSOptions.defaults(), c -> { }).recovery());
        WSHost host = server.ws("events", ADVANCED, c -> { });
        assertThrows(IllegalArgumentException.class, () -> host.recovery(Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class, () -> host.recovery(Duration.ofMinutes(1), 0));
        host.recovery();
        assertThrows(IllegalStateException.class, host::recovery);
    }
}
