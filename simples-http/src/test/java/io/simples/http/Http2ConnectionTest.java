package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Http2Wire.Frame;
import io.simples.session.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An HTTP/2 connection's life and its limits, frame by frame on a raw socket ({@link Http2Wire}):
 * the idle limit, the limit of open streams, the rapid-reset guard (CVE-2023-44487) while another
 * client is served, and a graceful stop's GOAWAY.
 */
@Timeout(60)
class Http2ConnectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private static TestServer h2c(Limits limits) {
        TestServer test = new TestServer(ServerOptions.defaults().limits(limits).http2(Http2Options.defaults().cleartext(true)));
        test.server.get("/", c -> c.end("hello"));
        test.server.post("/wait", c -> c.end(c.body().text()));
        return test;
    }

    private static boolean refuses(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static int errorCode(Frame frame) {
        ByteBuffer payload = ByteBuffer.wrap(frame.payload());
        return frame.type() == Http2Wire.GOAWAY ? payload.getInt(4) : payload.getInt(0);
    }

    @Test
    void a_connection_without_streams_closes_after_the_idle_limit_with_goaway() throws Exception {
        try (TestServer test = h2c(Limits.defaults().idleTimeout(Duration.ofSeconds(1)));
             Http2Wire wire = new Http2Wire(test.server.port())) {
            wire.headers(1, "GET", "/", true);
            Frame body = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(body, "no answer");
            assertEquals("hello", body.text());
            Frame goAway = wire.until(Http2Wire.GOAWAY, 0, PATIENCE);
            assertNotNull(goAway, "no GOAWAY after the idle limit");
            assertEquals(0, errorCode(goAway), "NO_ERROR");
            assertNull(wire.until(Http2Wire.DATA, -1, PATIENCE), "and then the connection closes");
        }
    }

    @Test
    void a_stream_past_the_concurrency_limit_is_refused_and_the_others_are_answered() throws Exception {
        try (TestServer test = new TestServer(ServerOptions.defaults()
                .http2(Http2Options.defaults().cleartext(true).maxConcurrentStreams(3)));
             Http2Wire wire = new Http2Wire(test.server.port())) {
            test.server.post("/wait", c -> c.end(c.body().text()));
            wire.until(Http2Wire.SETTINGS, 0, PATIENCE); // the server's limit is known before the streams open
            for (int stream = 1; stream <= 7; stream += 2) { // four streams, bodies still to come
                wire.headers(stream, "POST", "/wait", false);
            }
            Frame refused = wire.until(Http2Wire.RST_STREAM, 7, PATIENCE);
            assertNotNull(refused, "the fourth stream was not refused");
            assertEquals(7, errorCode(refused), "REFUSED_STREAM");
            wire.data(1, "one".getBytes(), true);
            Frame answer = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(answer);
            assertEquals("one", answer.text());
        }
    }

    @Test
    void a_rapid_reset_flood_is_cut_off_while_another_client_is_answered() throws Exception {
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Frame goAway = null;
            for (int stream = 1; stream < 2 * 1000 && goAway == null; stream += 2) {
                wire.headers(stream, "GET", "/", false);
                wire.frame(Http2Wire.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8}); // CANCEL, at once
                if (stream % 100 == 1) {
                    HttpResponse<String> meanwhile = other.send(HttpRequest.newBuilder(test.uri("/")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals("hello", meanwhile.body(), "another client during the flood");
                }
                if (stream > 2 * 200) { // past the guard's count: the server has said GOAWAY
                    goAway = wire.until(Http2Wire.GOAWAY, 0, Duration.ofMillis(50));
                }
            }
            assertNotNull(goAway, "the flood was never cut off");
            assertEquals(11, errorCode(goAway), "ENHANCE_YOUR_CALM");
            HttpResponse<String> after = other.send(HttpRequest.newBuilder(test.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hello", after.body(), "the server goes on");
        }
    }

    @Test
    void a_graceful_stop_says_goaway_and_finishes_the_stream_in_flight() throws Exception {
        TestServer test = h2c(Limits.defaults());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        test.server.get("/slow", c -> {
            started.countDown();
            release.await();
            c.end("finished");
        });
        try (Http2Wire wire = new Http2Wire(test.server.port())) {
            wire.headers(1, "GET", "/slow", true);
            assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
            Thread stopping = new Thread(test::close);
            stopping.start();
            int port = test.server.port();
            Await.until("the stop under way: no new connections", PATIENCE, () -> refuses(port));
            release.countDown();
            Frame answer = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(answer, "the stream in flight was not finished");
            assertEquals("finished", answer.text());
            assertNotNull(wire.until(Http2Wire.GOAWAY, 0, PATIENCE), "no GOAWAY");
            stopping.join(10_000);
        }
    }
}
