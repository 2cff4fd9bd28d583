package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class ErrorHandlingTest {

    @Parameter
    Protocol protocol;

    @Test
    void a_throwing_listener_gives_a_500_reports_it_and_the_server_goes_on() {
        IllegalStateException boom = new IllegalStateException("internal detail");
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (TestServer test = new TestServer(protocol)) {
            Router api = test.server.router("api");
            api.onError((c, e) -> reported.add(e));
            api.get("/boom", c -> {
                throw boom;
            });
            test.server.get("/fine", c -> c.end("fine"));
            HttpResponse<String> response = test.get("/api/boom");
            assertEquals(500, response.statusCode());
            assertEquals("500 Internal Server Error", response.body());
            assertFalse(response.body().contains("internal detail"), "internal messages never reach the client");
            assertEquals(List.of(boom), reported);
            assertEquals("fine", test.get("/fine").body());
        }
    }

    @Test
    void the_500_listener_sees_the_failure_in_data() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.error(500, c -> c.end("sorry: " + ((Throwable) c.data().get("error")).getMessage()));
            test.server.get("/", c -> {
                throw new IOException("disk");
            });
            HttpResponse<String> response = test.get("/");
            assertEquals(500, response.statusCode());
            assertEquals("sorry: disk", response.body());
        }
    }

    @Test
    void error_listeners_are_inherited_and_overridden() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.error(404, c -> c.end("root 404"));
            Router child = test.server.router("child");
            Router own = test.server.router("own");
            own.error(404, c -> c.end("own 404"));
            child.get("/x", c -> c.error(404));
            own.get("/x", c -> c.error(404));
            assertEquals("root 404", test.get("/child/x").body());
            assertEquals("own 404", test.get("/own/x").body());
            assertEquals("own 404", test.get("/own/missing").body());
            assertEquals(404, test.get("/own/missing").statusCode());
        }
    }

    @Test
    void an_error_listener_that_throws_falls_back_to_the_default() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.error(404, c -> {
                throw new IllegalStateException("broken error page");
            });
            HttpResponse<String> response = test.get("/missing");
            assertEquals(404, response.statusCode());
            assertEquals("404 Not Found", response.body());
        }
    }

    @Test
    void an_http_exception_answers_with_its_status_and_message() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.get("/", c -> {
                throw new HTTPException(422, "name is missing");
            });
            HttpResponse<String> response = test.get("/");
            assertEquals(422, response.statusCode());
            assertEquals("name is missing", response.body());
            if (protocol.speaksRawHttp1()) { // HTTP/2 has no reason phrase
                String raw = test.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", java.time.Duration.ofSeconds(5));
                assertTrue(raw.startsWith("HTTP/1.1 422 Unprocessable Content\r\n"), "RFC 9110's name: " + raw);
            }
            assertThrows(IllegalArgumentException.class, () -> new HTTPException(200, "no"));
        }
    }

    @Test
    void a_failure_after_the_head_was_sent_closes_the_connection() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.get("/", c -> {
                c.write("partial ");
                throw new IllegalStateException("mid-body");
            });
            if (protocol.speaksRawHttp1()) {
                String raw = test.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(5));
                assertTrue(raw.startsWith("HTTP/1.1 200 OK"), raw);
                assertTrue(raw.contains("partial "), raw);
                assertFalse(raw.contains("0\r\n\r\n"), "no clean end of the chunked body: " + raw);
            } else { // the stream is reset, not ended: the client cannot take the half body for a whole one
                java.io.UncheckedIOException reset = assertThrows(java.io.UncheckedIOException.class, () -> test.get("/"));
                assertTrue(String.valueOf(reset.getCause().getMessage()).contains("RST_STREAM"), reset.toString());
            }
            test.server.get("/ok", c -> c.end("ok"));
            assertEquals("ok", test.get("/ok").body(), "the server goes on");
        }
    }

    @Test
    void misuse_after_the_head_was_sent_is_a_clear_exception_and_the_response_stays_whole() throws Exception {
        List<Throwable> misuse = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch listenerDone = new java.util.concurrent.CountDownLatch(1);
        try (TestServer test = new TestServer(protocol)) {
            test.server.get("/", c -> {
                c.write("body");
                for (Runnable wrong : List.<Runnable>of(() -> c.header("x-late", "1"), () -> c.status(404),
                        () -> c.cookie("a", "b"), () -> c.type("json"))) {
                    try {
                        wrong.run();
                    } catch (IllegalStateException e) {
                        misuse.add(e);
                    }
                }
                c.end();
                try {
                    c.send("again");
                } catch (IllegalStateException e) {
                    misuse.add(e);
                }
                listenerDone.countDown();
            });
            HttpResponse<String> response = test.get("/");
            assertTrue(listenerDone.await(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(200, response.statusCode());
            assertEquals("body", response.body());
            assertFalse(response.headers().firstValue("x-late").isPresent());
            assertEquals(5, misuse.size(), misuse.toString());
            assertTrue(misuse.get(0).getMessage().contains("already sent"), misuse.get(0).getMessage());
            assertTrue(misuse.get(4).getMessage().contains("already ended"), misuse.get(4).getMessage());
            assertInstanceOf(IllegalStateException.class, misuse.get(1));
        }
    }

    @Test
    void the_same_error_instance_is_reported_once_per_failure() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        RuntimeException failure = new RuntimeException("x");
        try (TestServer test = new TestServer(protocol)) {
            test.server.onError((c, e) -> reported.add(e));
            test.server.get("/", c -> {
                throw failure;
            });
            test.get("/");
            test.get("/");
            assertEquals(2, reported.size());
            assertSame(failure, reported.get(0));
        }
    }
}
