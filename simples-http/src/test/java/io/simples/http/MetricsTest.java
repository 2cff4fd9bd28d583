package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.simples.session.Await;
import io.simples.session.RedisProcess;
import io.simples.session.RedisStore;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.metrics(registry)} on Micrometer's {@code SimpleMeterRegistry}: exact counts for
 * matched, parameterized, unmatched, static and failing routes, a WebSocket's life, a session
 * store that fails, and a number of meters that stays the same under 10 000 distinct paths.
 * Meters are written once the response has ended, which the client may see first: counts are
 * awaited, never read at once.
 */
@Timeout(120)
class MetricsTest {

    @TempDir
    Path directory;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    long requests(String uri, int status) {
        var timer = registry.find("http.server.requests").tag("uri", uri).tag("status", Integer.toString(status)).timer();
        return timer == null ? 0 : timer.count();
    }

    void awaitRequests(String uri, int status, long count) {
        Await.until(count + " requests counted under " + uri + " " + status + " (" + requests(uri, status) + " so far)",
                Duration.ofSeconds(10), () -> requests(uri, status) == count);
    }

    @Test
    void requests_are_timed_by_route_template_status_outcome_exception_and_protocol() throws Exception {
        Files.writeString(directory.resolve("page.html"), "<p>static</p>");
        try (TestServer test = new TestServer()) {
            test.server.metrics(registry);
            test.server.staticFiles(StaticOptions.of(directory));
            test.server.get("/users/:id", c -> c.end("user " + c.params().get("id")));
            test.server.get("/fail", c -> {
                throw new IllegalStateException("on purpose");
            });
            test.server.get("/moved", c -> c.redirect("/users/1"));
            test.get("/users/1");
            test.get("/users/22");
            test.get("/fail");
            test.get("/nowhere/1");
            test.get("/nowhere/2");
            test.get("/page.html");
            test.raw("FOO /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));

            awaitRequests("/users/:id", 200, 2);
            var users = registry.get("http.server.requests").tag("uri", "/users/:id").tag("status", "200").timer();
            assertEquals("GET", users.getId().getTag("method"));
            assertEquals("SUCCESS", users.getId().getTag("outcome"));
            assertEquals("none", users.getId().getTag("exception"));
            assertEquals("HTTP/1.1", users.getId().getTag("protocol"));
            assertTrue(users.totalTime(TimeUnit.NANOSECONDS) > 0);

            awaitRequests("/fail", 500, 1);
            var failed = registry.get("http.server.requests").tag("uri", "/fail").timer();
            assertEquals("IllegalStateException", failed.getId().getTag("exception"));
            assertEquals("SERVER_ERROR", failed.getId().getTag("outcome"));
            awaitRequests("NOT_FOUND", 404, 2);
            awaitRequests("STATIC", 200, 1);
            awaitRequests("UNKNOWN", 501, 1);
            assertEquals("UNKNOWN", registry.get("http.server.requests").tag("status", "501").timer().getId().getTag("method"));

            test.client.send(java.net.http.HttpRequest.newBuilder(test.uri("/moved")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()); // not followed: one exchange
            awaitRequests("/moved", 302, 1);
            assertEquals("REDIRECTION", registry.get("http.server.requests").tag("uri", "/moved").timer().getId().getTag("outcome"));

            var bodiesOut = registry.get("http.server.requests.body").tag("direction", "out").summary();
            Await.until("every body counted", Duration.ofSeconds(10), () -> bodiesOut.count() == 8);
            assertTrue(bodiesOut.totalAmount() >= "user 1".length() + "user 22".length() + "<p>static</p>".length());
            var active = registry.get("http.server.requests.active").gauge();
            Await.until("no request in flight", Duration.ofSeconds(10), () -> active.value() == 0.0); // left after the metrics
            assertEquals(0.0, registry.get("simples.connections.refused").functionCounter().count());
        }
    }

    @Test
    void a_websocket_counts_its_connection_messages_bytes_and_close() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.metrics(registry);
            WSHost endpoint = test.server.ws("rooms/:room", WSOptions.defaults(),
                    connection -> connection.onMessage(m -> connection.send(m.text() + "!")));
            CompletableFuture<String> echo = new CompletableFuture<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + "/rooms/blue"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echo.complete(data.toString());
                            webSocket.request(1); // and the close after it
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            var open = registry.get("simples.websocket.connections").tag("endpoint", "/rooms/:room").gauge();
            Await.until("the connection counted open", Duration.ofSeconds(10), () -> open.value() == 1.0);
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello!", echo.get(10, TimeUnit.SECONDS));
            assertEquals(1.0, registry.get("simples.websocket.messages").tag("direction", "in").counter().count());
            assertEquals(5.0, registry.get("simples.websocket.bytes").tag("direction", "in").counter().count());
            assertEquals(1.0, registry.get("simples.websocket.messages").tag("direction", "out").counter().count());
            assertEquals(6.0, registry.get("simples.websocket.bytes").tag("direction", "out").counter().count());
            endpoint.broadcast("to all");
            var broadcasts = registry.get("simples.websocket.broadcasts").tag("endpoint", "/rooms/:room").summary();
            assertEquals(1, broadcasts.count());
            assertEquals(1.0, broadcasts.totalAmount(), "one connection reached");
            socket.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertEquals(1000, closed.get(10, TimeUnit.SECONDS));
            Await.until("the connection counted closed", Duration.ofSeconds(10), () -> open.value() == 0.0);
            assertEquals(1.0, registry.get("simples.websocket.closes").tag("endpoint", "/rooms/:room")
                    .tag("code", "1000").tag("by", "client").counter().count());
            assertEquals(0, registry.find("http.server.requests").timers().size(), "the handshake is counted as a WebSocket, not an exchange");
        }
    }

    @Test
    void a_request_refused_before_routing_is_counted_by_status() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.metrics(registry);
            var rejected = registry.get("simples.http.rejected").tag("status", "400").functionCounter();
            double before = rejected.count(); // the whole process's: other tests' refusals count too
            String answer = test.raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", Duration.ofSeconds(5));
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertEquals(before + 1, rejected.count());
            assertEquals(0, registry.find("http.server.requests").timers().size(), "a refusal before routing is no exchange");
        }
    }

    @Test
    void session_store_operations_are_timed_and_a_failing_store_is_counted() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory);
             RedisStore store = RedisStore.connect(redis.uri());
             TestServer test = new TestServer()) {
            test.server.metrics(registry);
            test.server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            test.server.get("/count", c -> {
                c.session().put("n", 1);
                c.end("ok");
            });
            assertEquals(200, test.get("/count").statusCode());
            Await.until("a write counted", Duration.ofSeconds(10), () -> storeCount("write", "success") == 1);
            redis.stop();
            assertEquals(503, test.get("/count").statusCode(), "the store is down");
            Await.until("failed writes counted", Duration.ofSeconds(10), () -> storeCount("write", "failure") >= 1);
            assertEquals(1, storeCount("write", "success"));
        }
    }

    long storeCount(String operation, String outcome) {
        var timer = registry.find("simples.session.store").tag("store", "RedisStore").tag("operation", operation)
                .tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void ten_thousand_distinct_paths_and_websocket_paths_add_no_meter() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.metrics(registry);
            test.server.get("/items/:id", c -> c.end());
            test.server.ws("live/:topic", WSOptions.defaults(), connection -> { });
            test.get("/items/0");
            test.get("/missing/0");
            awaitRequests("NOT_FOUND", 404, 1);
            int before = registry.getMeters().size();

            pipeline(test.server.port(), 10_000, i -> (i % 2 == 0 ? "/items/" : "/missing/") + i + "?q=" + i);
            awaitRequests("/items/:id", 200, 1 + 5_000);
            awaitRequests("NOT_FOUND", 404, 1 + 5_000);
            for (int i = 0; i < 10_000; i++) {
                handshake(test.server.port(), "/live/topic-" + i);
            }
            var open = registry.get("simples.websocket.connections").tag("endpoint", "/live/:topic").gauge();
            Await.until("10 000 WebSockets closed", Duration.ofSeconds(30),
                    () -> registry.get("simples.websocket.closes").counters().stream().mapToDouble(c -> c.count()).sum() == 10_000);
            Await.until("no WebSocket counted open", Duration.ofSeconds(10), () -> open.value() == 0.0);

            int after = registry.getMeters().size();
            assertTrue(after <= before + 12, "meters grew from " + before + " to " + after);
            for (Meter meter : registry.getMeters()) {
                for (Tag tag : meter.getId().getTags()) {
                    assertTrue(!tag.getValue().matches(".*\\d{2,}.*") || tag.getKey().equals("status") || tag.getKey().equals("code"),
                            "a path reached a tag: " + meter.getId());
                }
            }
        }
    }

    /** Sends {@code count} requests on one connection, 16 at a time without waiting (the server's pipelining limit), reading every answer. */
    static void pipeline(int port, int count, java.util.function.IntFunction<String> path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] marker = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
            byte[] buffer = new byte[65536];
            int matched = 0;
            for (int sent = 0; sent < count; ) {
                int batch = Math.min(16, count - sent);
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < batch; i++) {
                    requests.append("GET ").append(path.apply(sent + i)).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent += batch;
                int answers = 0;
                while (answers < batch) {
                    int read = in.read(buffer);
                    assertTrue(read > 0, "the server closed after " + (sent - batch + answers) + " answers");
                    for (int i = 0; i < read; i++) {
                        matched = buffer[i] == marker[matched] ? matched + 1 : buffer[i] == marker[0] ? 1 : 0;
                        if (matched == marker.length) {
                            answers++;
                            matched = 0;
                        }
                    }
                }
            }
        }
    }

    /** Opens a WebSocket at {@code path} with raw bytes, reads the 101, and drops the socket. */
    static void handshake(int port, String path) throws IOException {
        try (RawWebSocket socket = new RawWebSocket(port, path)) {
            assertTrue(socket.handshake.startsWith("HTTP/1.1 101"), socket.handshake);
        }
    }
}
