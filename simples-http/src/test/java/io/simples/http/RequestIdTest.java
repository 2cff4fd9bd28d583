package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simples.core.LoggerOptions;
import io.simples.ws.WSOptions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * Every request has an id: the client's {@code X-Request-Id} when it is safe, one made here
 * otherwise; it comes back in the response, is the connection's {@code id()}, sits in the MDC
 * while the listener runs (on a virtual thread and on the event loop) with a valid
 * {@code traceparent}'s trace id, and is the access log's {@code %id}.
 */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class RequestIdTest {

    static final String MADE = "[0-9a-f]{12}-[0-9a-f]+";

    @Parameter
    Protocol protocol;

    /** What the listener saw: its connection's id and the MDC's values on its thread. */
    record Seen(String id, String mdcId, String mdcTrace, String thread) {
    }

    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    TestServer server(boolean eventLoop) {
        TestServer test = new TestServer(protocol, ServerOptions.defaults().eventLoopHandlers(eventLoop));
        test.server.logger(LoggerOptions.defaults().enabled(true).format("%id %path %status").sink(lines::add));
        test.server.get("/seen", c -> {
            seen.add(new Seen(c.id(), MDC.get("requestId"), MDC.get("traceId"), Thread.currentThread().toString()));
            c.end("ok");
        });
        return test;
    }

    Seen nextSeen() throws InterruptedException {
        Seen next = seen.poll(10, TimeUnit.SECONDS);
        assertTrue(next != null, "the listener did not run");
        return next;
    }

    String nextLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        assertTrue(line != null, "no access-log line came");
        return line;
    }

    HttpResponse<String> get(TestServer test, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri("/seen"));
        headers.forEach(request::header);
        return test.send(request.build());
    }

    @Test
    void an_incoming_id_is_echoed_and_is_in_the_mdc_and_the_access_log_on_a_virtual_thread() throws Exception {
        an_incoming_id_is_echoed_and_is_in_the_mdc_and_the_access_log(false);
    }

    @Test
    void an_incoming_id_is_echoed_and_is_in_the_mdc_and_the_access_log_on_the_event_loop() throws Exception {
        an_incoming_id_is_echoed_and_is_in_the_mdc_and_the_access_log(true);
    }

    void an_incoming_id_is_echoed_and_is_in_the_mdc_and_the_access_log(boolean eventLoop) throws Exception {
        try (TestServer test = server(eventLoop)) {
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> response = get(test, Map.of("X-Request-Id", "req-42.a:b/c+d=e@f_g",
                    "traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));
            assertEquals("ok", response.body());
            assertEquals("req-42.a:b/c+d=e@f_g", response.headers().firstValue("x-request-id").orElse(null));
            Seen listener = nextSeen();
            assertEquals(new Seen("req-42.a:b/c+d=e@f_g", "req-42.a:b/c+d=e@f_g", trace, listener.thread()), listener);
            assertEquals(eventLoop, listener.thread().contains("simples-io"), listener.thread());
            assertEquals("req-42.a:b/c+d=e@f_g /seen 200", nextLine());
        }
    }

    @Test
    void an_id_is_made_when_none_came_and_each_request_has_its_own() throws Exception {
        try (TestServer test = server(false)) {
            String first = get(test, Map.of()).headers().firstValue("x-request-id").orElse("");
            String second = get(test, Map.of()).headers().firstValue("x-request-id").orElse("");
            assertTrue(first.matches(MADE), first);
            assertTrue(second.matches(MADE), second);
            assertNotEquals(first, second);
            assertEquals(first.substring(0, 13), second.substring(0, 13), "one prefix per process");
            Seen one = nextSeen();
            assertEquals(first, one.id());
            assertEquals(first, one.mdcId());
            assertNull(one.mdcTrace(), "no traceparent, no trace id");
            assertEquals(second, nextSeen().id());
            assertEquals(first + " /seen 200", nextLine());
        }
    }

    @Test
    void an_unsafe_or_too_long_id_is_replaced_and_a_bad_traceparent_is_ignored() throws Exception {
        try (TestServer test = server(false)) {
            for (String bad : new String[] {"a".repeat(129), "<script>", "a b", "ü", "a;b"}) {
                HttpResponse<String> response = get(test, Map.of("X-Request-Id", bad,
                        "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
                String id = response.headers().firstValue("x-request-id").orElse("");
                assertTrue(id.matches(MADE), bad + " gave " + id);
                Seen listener = nextSeen();
                assertEquals(id, listener.id());
                assertNull(listener.mdcTrace(), "an all-zero trace id is not valid");
            }
            String longest = "b".repeat(128);
            assertEquals(longest, get(test, Map.of("X-Request-Id", longest)).headers().firstValue("x-request-id").orElse(""));
        }
    }

    @Test
    void an_error_answer_carries_the_id_too() throws Exception {
        try (TestServer test = server(false)) {
            test.server.get("/fails", c -> {
                throw new IllegalStateException("on purpose");
            });
            HttpResponse<String> missing = test.send(HttpRequest.newBuilder(test.uri("/nowhere")).header("X-Request-Id", "lost-1").build());
            assertEquals(404, missing.statusCode());
            assertEquals("lost-1", missing.headers().firstValue("x-request-id").orElse(null));
            HttpResponse<String> failed = test.send(HttpRequest.newBuilder(test.uri("/fails")).header("X-Request-Id", "failed-1").build());
            assertEquals(500, failed.statusCode());
            assertEquals("failed-1", failed.headers().firstValue("x-request-id").orElse(null));
        }
    }

    @Test
    void a_websocket_has_the_id_of_its_handshake() throws Exception {
        assumeTrue(protocol.speaksRawHttp1(), "WebSockets stay on HTTP/1.1");
        try (TestServer test = server(false)) {
            CompletableFuture<String> id = new CompletableFuture<>();
            test.server.ws("ws", WSOptions.defaults(), connection -> id.complete(connection.id()));
            try (RawWebSocket socket = new RawWebSocket(test.server.port(), "/ws", "X-Request-Id: socket-7\r\n")) {
                assertTrue(socket.handshake.startsWith("HTTP/1.1 101"), socket.handshake);
                assertTrue(socket.handshake.toLowerCase().contains("x-request-id: socket-7\r\n"), socket.handshake);
                assertEquals("socket-7", id.get(10, TimeUnit.SECONDS));
            }
            try (RawWebSocket socket = new RawWebSocket(test.server.port(), "/ws")) {
                assertTrue(socket.handshake.matches("(?s).*\r\nx-request-id: " + MADE + "\r\n.*"), socket.handshake);
            }
        }
    }
}
