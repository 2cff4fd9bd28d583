package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
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
class MiddlewareTest {

    @Parameter
    Protocol protocol;

    @Test
    void middlewares_run_in_order_around_the_route_parents_first() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        try (TestServer test = new TestServer(protocol)) {
            Middleware first = (c, next) -> {
                trace.add("first");
                next.run();
                trace.add("first after");
            };
            test.server.use(first).use(first).use((c, next) -> {
                trace.add("second");
                next.run();
            });
            Router admin = test.server.router("admin");
            admin.use((c, next) -> {
                trace.add("admin");
                next.run();
            });
            admin.get("/", c -> {
                trace.add("route");
                c.end("ok");
            });
            test.server.get("/", c -> c.end("home"));

            assertEquals("ok", test.get("/admin").body());
            awaitSize(trace, 5); // "first after" runs after the response went out
            assertEquals(List.of("first", "second", "admin", "route", "first after"), trace);
            trace.clear();
            assertEquals("home", test.get("/").body());
            awaitSize(trace, 3);
            assertEquals(List.of("first", "second", "first after"), trace, "the admin middleware is for /admin only");
        }
    }

    static void awaitSize(List<String> trace, int size) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (trace.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void a_middleware_can_answer_and_stop_the_chain() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.use((c, next) -> {
                if (!"secret".equals(c.headers().get("x-token"))) {
                    c.status(401).end("who are you?");
                    return;
                }
                next.run();
            });
            test.server.get("/", c -> c.end("welcome"));
            HttpResponse<String> refused = test.get("/");
            assertEquals(401, refused.statusCode());
            assertEquals("who are you?", refused.body());
            assertEquals("welcome", test.send(java.net.http.HttpRequest.newBuilder(test.uri("/"))
                    .header("x-token", "secret").build()).body());
        }
    }

    @Test
    void middlewares_run_for_requests_that_match_no_route() {
        try (TestServer test = new TestServer(protocol)) {
            java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            test.server.use((c, next) -> {
                seen.add(c.path()); // a 404 answer drops headers set before it: record instead
                next.run();
            });
            HttpResponse<String> missing = test.get("/nothing");
            assertEquals(404, missing.statusCode());
            assertEquals(java.util.List.of("/nothing"), seen);
        }
    }

    @Test
    void a_middleware_that_neither_goes_on_nor_answers_is_named_in_a_500() {
        try (TestServer test = new TestServer(protocol)) {
            Middleware forgetful = new Middleware() {
                @Override
                public void handle(HTTPConnection connection, Next next) {
                    // forgot next.run()
                }

                @Override
                public String toString() {
                    return "Forgetful";
                }
            };
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            test.server.onError((c, e) -> errors.add(e));
            test.server.use(forgetful);
            test.server.get("/", c -> c.end("never"));
            assertEquals(500, test.get("/").statusCode());
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains("middleware Forgetful neither called next.run()"),
                    errors.get(0).getMessage());
        }
    }
}
