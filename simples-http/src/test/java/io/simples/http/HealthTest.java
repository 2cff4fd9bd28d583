package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.Cluster;
import io.simples.session.Await;
import io.simples.session.RedisProcess;
import io.simples.session.RedisStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code server.health}: liveness, and readiness that follows the parts a request needs (the
 * port, a store, the cluster's bus) and turns 503 from the first moment of a stop, through its
 * drain, while requests in flight still finish.
 */
@Timeout(60)
class HealthTest {

    @TempDir
    Path directory;

    static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    @Test
    void liveness_and_readiness_answer_json_and_a_probe_gets_no_session() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.session(SessionOptions.defaults().enabled(true));
            test.server.health("/health");
            for (String path : new String[] {"/health", "/health/ready"}) {
                HttpResponse<String> ready = test.get(path);
                assertEquals(200, ready.statusCode(), ready.body());
                assertEquals("{\"status\":\"UP\",\"checks\":{\"server\":{\"status\":\"UP\"}}}", ready.body());
                assertEquals("no-store", ready.headers().firstValue("cache-control").orElse(""));
                assertTrue(ready.headers().firstValue("content-type").orElse("").startsWith("application/json"));
                assertFalse(ready.headers().firstValue("set-cookie").isPresent(), "a probe makes no session");
            }
            HttpResponse<String> live = test.get("/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());
        }
    }

    @Test
    void readiness_is_503_while_the_store_is_down_and_200_once_it_is_back() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory);
             RedisStore store = RedisStore.connect(redis.uri());
             TestServer test = new TestServer()) {
            test.server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
            test.server.health("/health", Duration.ofMillis(500));
            HttpResponse<String> up = test.get("/health");
            assertEquals(200, up.statusCode(), up.body());
            JsonNode store1 = json(up).get("checks").get("store");
            assertEquals("UP", store1.get("status").asString());
            assertEquals("RedisStore", store1.get("type").asString());

            redis.stop();
            HttpResponse<String>[] last = new HttpResponse[1];
            Await.until("readiness turning 503", Duration.ofSeconds(10), () -> (last[0] = test.get("/health")).statusCode() == 503);
            JsonNode down = json(last[0]);
            assertEquals("DOWN", down.get("status").asString());
            assertEquals("UP", down.get("checks").get("server").get("status").asString());
            assertEquals("DOWN", down.get("checks").get("store").get("status").asString());
            assertFalse(down.get("checks").get("store").get("error").asString().isEmpty());
            assertFalse(last[0].body().contains("127.0.0.1"), "no address reaches the probe: " + last[0].body());
            assertEquals(200, test.get("/health/live").statusCode(), "alive all along");

            redis.start();
            Await.until("readiness back to 200", Duration.ofSeconds(10), () -> test.get("/health").statusCode() == 200);
        }
    }

    @Test
    void a_stop_answers_503_through_its_drain_while_it_still_serves_and_finishes_what_is_in_flight() throws Exception {
        // 4 s: the probe and the request below must fit in the drain even on a loaded machine
        try (TestServer test = new TestServer(ServerOptions.defaults().drain(Duration.ofSeconds(4)))) {
            CountDownLatch release = new CountDownLatch(1);
            test.server.get("/slow", c -> {
                release.await(30, TimeUnit.SECONDS);
                c.end("finished");
            });
            test.server.get("/quick", c -> c.end("quick"));
            test.server.health("/health");
            assertEquals(200, test.get("/health").statusCode());
            CompletableFuture<HttpResponse<String>> inFlight = test.client.sendAsync(
                    HttpRequest.newBuilder(test.uri("/slow")).build(), HttpResponse.BodyHandlers.ofString());

            long stopAt = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(test.server::stop);
            HttpResponse<String>[] last = new HttpResponse[1];
            Await.until("readiness turning 503", Duration.ofSeconds(5), () -> (last[0] = test.get("/health")).statusCode() == 503);
            assertEquals("stopping", json(last[0]).get("checks").get("server").get("reason").asString());
            assertEquals("quick", test.get("/quick").body(), "requests are still served while draining");
            assertFalse(stopped.isDone(), "the drain holds the stop");
            assertFalse(inFlight.isDone());

            release.countDown();
            assertEquals("finished", inFlight.get(10, TimeUnit.SECONDS).body());
            stopped.get(20, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            assertTrue(took >= 4000, "the stop drained for 4 s before it stopped accepting: " + took + " ms");
            assertFalse(test.server.started());
        }
    }

    @Test
    void a_server_in_a_cluster_is_ready_once_joined_and_not_while_its_bus_is_down() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory)) {
            Cluster cluster = Cluster.redis(redis.uri(), "health-" + System.nanoTime());
            try (TestServer test = new TestServer(ServerOptions.defaults().cluster(cluster))) {
                test.server.health("/health");
                HttpResponse<String> up = test.get("/health");
                assertEquals(200, up.statusCode(), up.body());
                JsonNode joined = json(up).get("checks").get("cluster");
                assertEquals("UP", joined.get("status").asString());
                assertEquals(1, joined.get("servers").asInt());

                redis.stop();
                HttpResponse<String>[] last = new HttpResponse[1];
                Await.until("readiness turning 503", Duration.ofSeconds(10), () -> (last[0] = test.get("/health")).statusCode() == 503);
                assertEquals("bus not connected", json(last[0]).get("checks").get("cluster").get("reason").asString());

                redis.start();
                Await.until("readiness back to 200", Duration.ofSeconds(10), () -> test.get("/health").statusCode() == 200);
            } finally {
                cluster.close();
            }
        }
    }
}
