package io.simples.http;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.session.MemoryStore;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event streams beyond one server and one good client: broadcasts and counts across the servers
 * of a cluster, a session destroyed on another server, and a client that stops reading.
 */
@Timeout(60)
class EventFanOutTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
    }

    /** One server of a cluster: a login, a logout, and a feed whose streams say whose they are. */
    final class Node {
        final Server server = Simples.server(0);
        final EventHost feed;
        final EventFilter admins;
        final CountDownLatch closed = new CountDownLatch(1);

        Node(Cluster cluster, MemoryStore store) {
            server.session(new SessionOptions(c -> true, store, Duration.ofMinutes(5)));
            server.cluster(cluster);
            server.get("/login/:name", c -> {
                c.session().put("name", c.params().get("name"));
                c.end("in");
            });
            server.get("/logout", c -> {
                c.session().destroy().join();
                c.end("out");
            });
            feed = server.events("/feed", stream -> {
                stream.onClose(closed::countDown);
                stream.send("hello", stream.connection().session().get("name"));
            });
            admins = feed.filter("admins", s -> "root".equals(s.connection().session().get("name")));
            server.start();
            closing.add(0, server::stop);
        }

        /** The cookie of a session logged in as {@code name}. */
        String login(String name) throws Exception {
            HttpResponse<String> response = send("/login/" + name, null);
            return response.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        }

        HttpResponse<String> send(String path, String cookie) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + path));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        EventStreamTest.Events open(String cookie) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/feed"))
                    .header("Cookie", cookie).build();
            EventStreamTest.Events events = new EventStreamTest.Events(client.send(request, HttpResponse.BodyHandlers.ofLines()));
            closing.add(0, events);
            return events;
        }
    }

    @Test
    void broadcasts_counts_and_a_destroyed_session_reach_the_streams_of_every_server() throws Exception {
        Cluster cluster = Cluster.local();
        closing.add(cluster);
        MemoryStore store = new MemoryStore();
        closing.add(store);
        Node one = new Node(cluster, store);
        Node two = new Node(cluster, store);
        String root = one.login("root");
        String ann = one.login("ann");
        EventStreamTest.Events rootStream = one.open(root);
        EventStreamTest.Events annStream = one.open(ann);
        assertEquals("root", rootStream.next().data());
        assertEquals("ann", annStream.next().data());

        two.feed.broadcast("news", "for all");
        two.feed.broadcast("secret", "for admins", two.admins);
        two.feed.broadcast("news", "again");
        assertEquals("for all", rootStream.next().data());
        assertEquals("for admins", rootStream.next().data());
        assertEquals("again", rootStream.next().data());
        assertEquals("for all", annStream.next().data());
        assertEquals("again", annStream.next().data(), "the admins' event went to root's stream only");
        assertEquals(new ClusterCount(2, 2, 2), await(two.feed.count(Duration.ofSeconds(5))));
        String rootId = root.substring(root.indexOf('=') + 1);
        assertEquals(new ClusterCount(1, 2, 2), await(two.feed.toSession(rootId, "private", "for root", Duration.ofSeconds(5))));
        assertEquals("for root", rootStream.next().data());
        two.feed.broadcast("news", "after");
        assertEquals("after", rootStream.next().data());
        assertEquals("after", annStream.next().data(), "ann's stream did not get root's event");
        assertThrows(IllegalArgumentException.class, () -> two.feed.broadcast("x", "y", s -> true),
                "a lambda cannot run on the other servers");

        assertEquals("out", two.send("/logout", ann).body());
        EventStreamTest.awaitLatch(one.closed);
        assertNull(annStream.next(), "the session destroyed on the other server ended the stream");
        assertEquals(1, one.feed.streams().size());
    }

    @Test
    void an_open_stream_keeps_its_session_from_expiring_in_the_store() throws Exception {
        MemoryStore store = new MemoryStore();
        closing.add(store);
        Server server = Simples.server(0);
        server.session(new SessionOptions(c -> true, store, Duration.ofSeconds(2)));
        server.get("/login", c -> {
            c.session().put("name", "ann");
            c.end("in");
        });
        server.events("/feed", stream -> stream.send("hello", stream.connection().session().get("name")));
        server.start();
        closing.add(0, server::stop);
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        String id = cookie.substring("_session=".length());
        EventStreamTest.Events events = new EventStreamTest.Events(client.send(HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + server.port() + "/feed")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofLines()));
        closing.add(0, events);
        assertEquals("ann", events.next().data());
        Thread.sleep(3500); // longer than the timeout: only the stream's refreshes keep it in the store
        assertEquals("ann", store.get(id).join().get("name"), "the session outlived its timeout while the stream was open");
    }

    @Test
    void a_client_that_stops_reading_is_closed_before_the_server_holds_more_than_its_backlog() throws Exception {
        Server server = Simples.server(0);
        CountDownLatch closed = new CountDownLatch(1);
        EventHost feed = server.events("/feed", stream -> stream.onClose(closed::countDown));
        server.start();
        closing.add(server::stop);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a reader that takes nothing, with little room in its kernel
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] head = new byte[15];
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
            assertEquals("HTTP/1.1 200 OK", new String(head, StandardCharsets.US_ASCII));
            assertEquals(1, feed.streams().size(), "the stream is among its host's once its head is out");
            String event = "x".repeat(16 * 1024);
            long sent = 0;
            long limit = 64L << 20;
            while (!feed.streams().isEmpty() && sent < limit) {
                feed.broadcast("big", event);
                sent += event.length();
            }
            EventStreamTest.awaitLatch(closed);
            // what the server held: its 4 MiB backlog, the channel's high-water mark, the kernel's send buffer
            assertTrue(sent < 16L << 20, "the stream was closed only after " + (sent >> 20) + " MiB were queued for it");
        }
    }
}
