package io.simples.http;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.ClusterCount;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server-Sent Events over HTTP/1.1 and HTTP/2, read line by line with the JDK's client as the
 * format says a client reads them: fields, ids, retry, multi-line data, comments; fan-out with
 * filters; how a stream ends (the client, the server, a stop); refusals before it opens.
 */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class EventStreamTest {

    @Parameter
    Protocol protocol;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
    }

    private TestServer server() {
        TestServer test = new TestServer(protocol);
        closing.add(test);
        return test;
    }

    /** One event as a client's parser collects it: its fields, data lines joined with {@code \n}. */
    record Event(String event, String data, String id, String retry, List<String> comments) {
    }

    /** Reads events from a stream's lines, as EventSource does (HTML §9.2.6), keeping comments to look at. */
    static final class Events implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        private final Iterator<String> lines;

        Events(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.lines = response.body().iterator();
        }

        /** The next event (or retry, or comment block), or null when the stream ended. */
        Event next() {
            String event = null;
            String id = null;
            String retry = null;
            StringBuilder data = null;
            List<String> comments = new ArrayList<>();
            boolean any = false;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (any) {
                        return new Event(event, data == null ? null : data.toString(), id, retry, comments);
                    }
                    continue;
                }
                any = true;
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "" -> comments.add(value);
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "retry" -> retry = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> throw new AssertionError("unknown field in " + line);
                }
            }
            return null;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    Events open(TestServer test, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri(path)).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        Events events = new Events(test.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        closing.add(0, events);
        return events;
    }

    @Test
    void a_stream_carries_named_events_ids_retry_multi_line_data_json_and_comments() {
        TestServer test = server();
        test.server.compression(CompressionOptions.defaults()); // a stream is never compressed
        test.server.events("/feed", stream -> {
            stream.retry(Duration.ofMillis(2500));
            stream.send("plain");
            stream.send("greeting", "hello\nworld\r\nand\rmore", "7");
            stream.comment("just so you know");
            stream.send("json", Map.of("n", 1));
            stream.close();
        });
        try (Events events = open(test, "/feed", "Accept-Encoding", "gzip, br")) {
            assertEquals(200, events.response.statusCode());
            assertEquals("text/event-stream", events.response.headers().firstValue("content-type").orElseThrow());
            assertEquals("no-cache", events.response.headers().firstValue("cache-control").orElseThrow());
            assertTrue(events.response.headers().firstValue("content-encoding").isEmpty());
            assertEquals("2500", events.next().retry());
            assertEquals(new Event(null, "plain", null, null, List.of()), events.next());
            assertEquals(new Event("greeting", "hello\nworld\nand\nmore", "7", null, List.of()), events.next());
            assertEquals(List.of("just so you know"), events.next().comments());
            assertEquals(new Event("json", "{\"n\":1}", null, null, List.of()), events.next());
            assertNull(events.next(), "close() ends the response");
        }
    }

    @Test
    void the_listener_gets_the_last_event_id_and_the_route_params() {
        TestServer test = server();
        test.server.events("/rooms/:room", stream -> stream.send("resume",
                stream.connection().params().get("room") + " after " + stream.lastEventId()));
        try (Events events = open(test, "/rooms/red", "Last-Event-ID", "41")) {
            assertEquals("red after 41", events.next().data());
        }
        try (Events events = open(test, "/rooms/blue")) {
            assertEquals("blue after null", events.next().data());
        }
    }

    @Test
    void a_listener_refuses_a_stream_by_answering_before_it_opens() {
        TestServer test = server();
        test.server.events("/private", stream -> stream.connection().error(401));
        HttpResponse<String> refused = test.get("/private");
        assertEquals(401, refused.statusCode());
        assertFalse(refused.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        test.server.events("/broken", stream -> {
            throw new IllegalStateException("no");
        });
        assertEquals(500, test.get("/broken").statusCode());
        assertEquals(405, test.request("POST", "/private", "x").statusCode());
    }

    @Test
    void names_and_ids_with_line_breaks_are_refused_and_nothing_is_sent() {
        TestServer test = server();
        List<String> refusals = new ArrayList<>();
        test.server.events("/feed", stream -> {
            for (String[] bad : new String[][] {{"a\nb", null}, {"a\rb", null}, {"ok", "1\n2"}, {"ok", "1\0"}}) {
                try {
                    stream.send(bad[0], "x", bad[1]);
                } catch (IllegalArgumentException e) {
                    refusals.add(e.getMessage());
                }
            }
            stream.send("after", "fine");
            stream.close();
        });
        try (Events events = open(test, "/feed")) {
            assertEquals(new Event("after", "fine", null, null, List.of()), events.next());
            assertNull(events.next());
        }
        assertEquals(4, refusals.size(), refusals.toString());
        assertThrows(IllegalArgumentException.class, () -> test.server.events("/x", s -> { }).keepAlive(Duration.ofSeconds(-1)));
    }

    @Test
    void broadcasts_reach_every_open_stream_or_those_a_filter_picks() {
        TestServer test = server();
        EventHost feed = test.server.events("/feed", stream -> stream.send("hello", stream.connection().query().get("name")));
        EventFilter vowels = feed.filter("vowels", s -> "aeiou".contains(s.connection().query().get("name")));
        List<Events> readers = new ArrayList<>();
        for (String name : List.of("a", "b", "e")) {
            Events events = open(test, "/feed?name=" + name);
            assertEquals(name, events.next().data());
            readers.add(events);
        }
        assertEquals(3, feed.streams().size(), "a stream is among its host's before its first event goes");
        assertEquals(new ClusterCount(3, 1, 1), await(feed.count(Duration.ofSeconds(1))));
        feed.broadcast("all", List.of(1, 2));
        feed.broadcast("some", "for vowels", vowels);
        feed.broadcast("last", "end");
        for (Events events : readers) {
            assertEquals(new Event("all", "[1,2]", null, null, List.of()), events.next());
            String name = events.response.request().uri().getQuery().substring("name=".length());
            if (!name.equals("b")) {
                assertEquals(new Event("some", "for vowels", null, null, List.of()), events.next());
            }
            assertEquals("last", events.next().event());
        }
    }

    @Test
    void a_client_that_goes_closes_its_stream_and_its_close_listeners_run() throws Exception {
        TestServer test = server();
        CountDownLatch closed = new CountDownLatch(1);
        EventHost feed = test.server.events("/feed", stream -> {
            stream.onClose(closed::countDown);
            stream.send("hello");
        });
        if (protocol.speaksRawHttp1()) { // the JDK's client keeps an HTTP/1.1 socket whose body it stopped reading: a page closing its tab does not
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", test.server.port())) {
                socket.getOutputStream().write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.equals("data: hello")) {
                    assertFalse(line.startsWith("HTTP/1.1 5"), line);
                }
                assertEquals("data: hello", line);
                assertEquals(1, feed.streams().size());
            }
        } else { // HTTP/2: the client resets the stream; the connection stays
            Events events = open(test, "/feed");
            assertEquals("hello", events.next().data());
            assertEquals(1, feed.streams().size());
            events.close();
        }
        awaitLatch(closed);
        assertEquals(0, feed.streams().size());
        feed.broadcast("nobody", "listens"); // nothing left to write to, and nothing fails
    }

    @Test
    void a_quiet_stream_gets_keep_alive_comments() {
        TestServer test = server();
        test.server.events("/quiet", stream -> { }).keepAlive(Duration.ofMillis(100));
        try (Events events = open(test, "/quiet")) {
            Event comment = events.next();
            assertEquals(List.of(""), comment.comments());
            assertNull(comment.data());
        }
    }

    @Test
    void a_stopping_server_ends_its_streams_instead_of_waiting_its_grace_period() {
        TestServer test = new TestServer(protocol, ServerOptions.defaults().gracePeriod(Duration.ofSeconds(50)));
        closing.add(test);
        EventHost feed = test.server.events("/feed", stream -> stream.send("hello"));
        Events events = open(test, "/feed");
        assertEquals("hello", events.next().data());
        long started = System.nanoTime();
        test.server.stop();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "stop waited for the open stream");
        assertNull(events.next(), "the stream ended");
        assertEquals(0, feed.streams().size());
    }

    @Test
    void a_stream_holds_its_session_and_ends_when_it_is_destroyed() {
        TestServer test = server();
        test.server.session(new SessionOptions(c -> true, null, Duration.ofMinutes(5)));
        test.server.get("/login", c -> {
            c.session().put("user", "ann");
            c.end("in");
        });
        test.server.get("/logout", c -> {
            c.session().destroy().join();
            c.end("out");
        });
        CountDownLatch closed = new CountDownLatch(1);
        test.server.events("/mine", stream -> {
            stream.onClose(closed::countDown);
            stream.send("user", stream.connection().session().get("user"));
        });
        HttpResponse<String> login = test.get("/login");
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Events events = open(test, "/mine", "Cookie", cookie);
        assertEquals("ann", events.next().data());
        assertEquals("out", test.send(HttpRequest.newBuilder(test.uri("/logout")).header("Cookie", cookie).build()).body());
        awaitLatch(closed);
        assertNull(events.next(), "the destroyed session ended the stream");
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "did not happen in 10 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
