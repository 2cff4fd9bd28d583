package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ThreadingTest {

    @Test
    void a_blocking_listener_does_not_delay_another_connection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        try (TestServer test = new TestServer()) {
            test.server.get("/block", c -> {
                blocked.countDown();
                release.await(30, TimeUnit.SECONDS);
                c.end("released");
            });
            test.server.get("/fast", c -> c.end("fast"));
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> test.get("/block"));
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            assertEquals("fast", test.get("/fast").body(), "answered while the other listener blocks");
            release.countDown();
            assertEquals("released", slow.get(10, TimeUnit.SECONDS).body());
        }
    }

    @Test
    void listeners_run_on_handler_threads_or_on_the_event_loop_when_asked() {
        try (TestServer pooled = new TestServer();
             TestServer loop = new TestServer(ServerOptions.defaults().eventLoopHandlers(true))) {
            pooled.server.get("/", c -> c.end(Thread.currentThread().getName() + " " + Thread.currentThread().isDaemon()));
            loop.server.get("/", c -> c.end(Thread.currentThread().getName()));
            String handler = pooled.get("/").body();
            if (Runtime.version().feature() >= 21) { // handlers run on virtual threads there
                assertTrue(handler.startsWith(" "), "a virtual thread has no name: " + handler);
            } else {
                assertTrue(handler.startsWith("simples-handler-"), handler);
            }
            assertTrue(loop.get("/").body().startsWith("simples-io"), "event-loop listeners run on Netty's threads");
        }
    }

    @Test
    void twenty_thousand_requests_over_64_connections_without_an_error() throws Exception {
        int requests = 20_000;
        try (TestServer test = TestServer.with(s -> s.get("/users/:id", c -> c.end("user " + c.params().get("id"))))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Semaphore window = new Semaphore(64);
            AtomicInteger ok = new AtomicInteger();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                window.acquire();
                String id = Integer.toString(i);
                all.add(client.sendAsync(HttpRequest.newBuilder(test.uri("/users/" + id)).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            window.release();
                            if (failure != null) {
                                failures.add(failure);
                            } else if (response.statusCode() == 200 && response.body().equals("user " + id)) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(new AssertionError(response.statusCode() + " " + response.body()));
                            }
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(100, TimeUnit.SECONDS);
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
            assertEquals(requests, ok.get());
        }
    }
}
