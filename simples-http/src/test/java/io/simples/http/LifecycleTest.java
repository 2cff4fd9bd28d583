package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class LifecycleTest {

    @Parameter
    Protocol protocol;

    @Test
    void a_server_restarts_on_another_port_and_after_a_stop() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (TestServer test = TestServer.with(protocol, s -> s.get("/", c -> c.end("up")))) {
            Server server = test.server;
            server.onStart(s -> events.add("start " + s.port())).onStop(s -> events.add("stop"));
            int first = server.port();
            assertEquals("up", test.get("/").body());

            int other;
            try (ServerSocket free = new ServerSocket(0)) {
                other = free.getLocalPort();
            }
            server.start(other);
            assertEquals(other, server.port());
            assertEquals("up", test.get("/").body());
            assertThrows(UncheckedIOException.class, () -> TestServer.raw(first, "GET / HTTP/1.1\r\n\r\n".getBytes(),
                    java.time.Duration.ofSeconds(1)), "the old port is released");

            server.stop();
            assertEquals(-1, server.port());
            assertTrue(!server.started());
            server.start(0);
            assertEquals("up", test.get("/").body());
            assertEquals(List.of("stop", "start " + other, "stop", "start " + server.port()), events);
        }
    }

    @Test
    void stop_lets_a_request_in_flight_finish() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        try (TestServer test = TestServer.with(protocol, s -> s.get("/slow", c -> {
            inside.countDown();
            Thread.sleep(500);
            c.end("finished");
        }))) {
            // over HTTP/2 the stop's GOAWAY names the stream in flight as one it will finish; the JDK's client
            // before 24 fails every stream on any GOAWAY (JDK-8335181), so curl asks there
            boolean jdkHonoursGoAway = protocol.speaksRawHttp1() || Runtime.version().feature() >= 24;
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                if (!jdkHonoursGoAway) {
                    return "200 " + test.curlAs("127.0.0.1:" + test.server.port(), "/slow");
                }
                HttpResponse<String> response = test.get("/slow");
                return response.statusCode() + " " + response.body();
            });
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            test.server.stop();
            assertEquals("200 finished", slow.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void two_servers_share_nothing() {
        try (TestServer one = TestServer.with(protocol, s -> s.get("/", c -> c.end("one")));
             TestServer two = TestServer.with(protocol, s -> s.get("/", c -> c.end("two")))) {
            assertNotEquals(one.server.port(), two.server.port());
            assertEquals("one", one.get("/").body());
            assertEquals("two", two.get("/").body());
            two.server.stop();
            assertEquals("one", one.get("/").body());
        }
    }

    @Test
    void binding_a_taken_port_fails_clearly_and_fires_error() throws IOException {
        try (ServerSocket taken = new ServerSocket(0); TestServer test = new TestServer(protocol)) {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            test.server.onError((connection, failure) -> errors.add(failure));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> test.server.start(taken.getLocalPort()));
            int port = taken.getLocalPort();
            assertTrue(e.getMessage().endsWith(" cannot listen on port " + port
                    + ": another process listens there; stop it, or choose another port (0 takes any free one)"), e.getMessage());
            assertFalse(e.getMessage().contains("bind(..)") || e.getMessage().contains("\n"), "one line, no native error text");
            assertEquals(1, errors.size());
        }
    }

    @Test
    void a_mirror_serves_the_same_hosts_and_routes_and_stops_on_its_own() {
        try (TestServer test = TestServer.with(protocol, s -> s.get("/", c -> c.end("same " + c.protocol())))) {
            test.server.host("example.com").get("/", c -> c.end("example"));
            Mirror mirror = test.server.mirror(0);
            assertNotEquals(test.server.port(), mirror.port());
            assertEquals("same http", TestServer.raw(mirror.port(),
                    "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(), java.time.Duration.ofSeconds(3))
                    .replaceAll("(?s).*\r\n\r\n", ""));
            assertTrue(TestServer.raw(mirror.port(), "GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n".getBytes(),
                    java.time.Duration.ofSeconds(3)).endsWith("example"));
            mirror.stop();
            assertEquals(-1, mirror.port());
            assertEquals("same " + protocol.scheme, test.get("/").body(), "the server goes on");
            mirror.start(0);
            assertTrue(mirror.started());
            test.server.stop();
            assertTrue(mirror.started(), "a mirror stops on its own");
            mirror.stop();
        }
    }
}
