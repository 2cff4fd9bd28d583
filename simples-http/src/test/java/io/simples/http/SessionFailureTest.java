package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.session.FileStore;
import io.simples.session.RedisProcess;
import io.simples.session.RedisStore;
import io.simples.session.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails or hangs while a response waits for its session's save: the client hears a
 * 503 (or a broken connection when the head is already out), never a success, and a hung store
 * costs a request at most the save timeout. The faults are real: a session directory removed
 * under a {@link FileStore}, a Redis process stopped with SIGSTOP.
 */
@Timeout(60)
class SessionFailureTest {

    @TempDir
    Path directory;

    private static TestServer app(Store store) {
        TestServer test = new TestServer();
        test.server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
        test.server.get("/set", c -> {
            c.session().put("name", "ada");
            c.end("saved, you think");
        });
        test.server.get("/stream", c -> {
            c.session().put("name", "ada");
            c.write("part one, ");
            c.end("part two");
        });
        return test;
    }

    @Test
    void a_save_that_fails_is_a_503_without_a_cookie_and_a_streamed_answer_is_cut_off() throws IOException {
        Path sessions = Files.createDirectories(directory.resolve("sessions"));
        try (FileStore store = new FileStore(sessions); TestServer test = app(store)) {
            Files.delete(sessions); // every write now fails: the store cannot make its files
            String answer = test.raw("GET /set HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable"), answer);
            assertTrue(answer.contains("retry-after: 1"), answer);
            assertFalse(answer.toLowerCase().contains("set-cookie"), answer);
            assertFalse(answer.contains("saved, you think"), answer);

            String streamed = test.raw("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(streamed.startsWith("HTTP/1.1 200"), "the head went before the save: " + streamed);
            assertFalse(streamed.contains("part two") || streamed.endsWith("0\r\n\r\n"),
                    "the body must not end as if all went well: " + streamed);
        }
    }

    /**
     * With listeners on the event loop, a request whose session must be loaded from a hung Redis
     * waits without holding its event loop: requests on other connections are answered meanwhile,
     * some of them on the same loop (there are as many loops as cores, handed to connections in
     * turn, and this sends twice as many plus one), and the waiting one gets its 503 once the
     * store's time is up.
     */
    @Test
    void on_the_event_loop_a_hung_store_stalls_only_the_request_that_waits_for_it() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory);
             RedisStore store = RedisStore.connect(redis.uri());
             TestServer test = new TestServer(ServerOptions.defaults().eventLoopHandlers(true))) {
            Router app = test.server.router("app");
            app.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            app.get("/set", c -> {
                c.session().put("name", "ada");
                c.end("saved");
            });
            test.server.get("/plain", c -> c.end("no session here"));
            HttpResponse<String> first = test.get("/app/set");
            assertEquals(200, first.statusCode());
            String cookie = first.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            redis.freeze(); // hung: it holds the connection and answers nothing
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> stalled = test.client.sendAsync(HttpRequest.newBuilder(test.uri("/app/set"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            int others = 2 * Runtime.getRuntime().availableProcessors() + 1;
            for (int i = 0; i < others; i++) {
                String answer = test.raw("GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(2));
                assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("no session here"), "connection " + i + ": " + answer);
            }
            assertFalse(stalled.isDone(), "the stalled request was answered before the store's time was up");
            HttpResponse<String> answer = stalled.get(20, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("1", answer.headers().firstValue("retry-after").orElse(""));
            assertTrue(took < SessionOptions.SAVE_TIMEOUT.toMillis() + 1500, "answered after " + took + " ms");
        }
    }

    @Test
    void a_hung_store_costs_a_request_at_most_the_save_timeout() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory);
             RedisStore store = RedisStore.connect(redis.uri());
             TestServer test = app(store)) {
            assertEquals(200, test.get("/set").statusCode(), "Redis answers");
            redis.freeze(); // hung: it holds the connection and answers nothing
            long start = System.nanoTime();
            String answer = test.raw("GET /set HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(15));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("SessionFailureTest: a hung Redis answered in " + took + " ms");
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(took < SessionOptions.SAVE_TIMEOUT.toMillis() + 1500, "answered after " + took + " ms");
        }
    }
}
