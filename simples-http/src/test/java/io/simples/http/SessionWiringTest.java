package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.session.Await;
import io.simples.session.RecordingStore;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The session option on HTTP: cookies, loads, saves, ids, expiry, failures. */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class SessionWiringTest {

    @Parameter
    Protocol protocol;

    final RecordingStore store = new RecordingStore();
    final CookieManager cookies = new CookieManager();
    HttpClient browser;

    @BeforeEach
    void browser() {
        browser = protocol.client().cookieHandler(cookies).build();
    }

    static SessionOptions sessions(RecordingStore store) {
        return new SessionOptions(c -> true, store, Duration.ofHours(1));
    }

    HttpResponse<String> get(TestServer test, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(test.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The response reaches the client just before its handler thread lets go of the session (the
     * save comes first, the release after): until then the next request finds the session live
     * and does not load it. Nothing signals the release, so this polls.
     */
    static void awaitNoLiveSession(TestServer test) {
        Await.poll("the session let go after its response", Duration.ofSeconds(10), Duration.ofMillis(1),
                () -> test.server.application().sessions().registry().size() == 0);
    }

    String cookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("_session"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    TestServer counter(SessionOptions options) {
        TestServer test = new TestServer(protocol);
        test.server.session(options);
        test.server.get("/count", c -> c.end(String.valueOf(
                c.session().merge("count", 1, (a, b) -> (Integer) a + (Integer) b))));
        test.server.get("/read", c -> c.end(String.valueOf(c.session().get("count"))));
        test.server.get("/id", c -> c.end(c.session().id()));
        return test;
    }

    /** POST /login: a new id (against fixation), then the user; answers the new id. */
    static void logInAsAda(TestServer test) {
        test.server.post("/login", c -> {
            c.session().generate().join();
            c.session().put("user", "ada");
            c.end(c.session().id());
        });
    }

    @Test
    void the_cookie_is_set_on_the_first_response_and_carries_the_session_after() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            HttpResponse<String> first = get(test, "/count");
            assertEquals("1", first.body());
            String header = first.headers().firstValue("set-cookie").orElse("");
            String secure = protocol.scheme.equals("https") ? "; Secure" : ""; // a cookie given over TLS is never sent in clear
            assertTrue(header.matches("_session=[0-9a-f]{32}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax" + secure), header);
            assertEquals("2", get(test, "/count").body());
            assertEquals("3", get(test, "/count").body());
            assertEquals(cookie(), get(test, "/id").body());
        }
    }

    @Test
    void a_new_visitor_gets_a_cookie_only_once_the_session_holds_something_or_was_generated() throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("simples-static");
        java.nio.file.Files.writeString(root.resolve("app.css"), "body {}");
        try (TestServer test = counter(sessions(store))) {
            test.server.staticFiles(StaticOptions.of(root).enabled(true));
            test.server.clientScript("/simples.js");
            test.server.get("/fresh", c -> {
                c.session().generate().join();
                c.end("a new id, on purpose");
            });
            for (String path : List.of("/read", "/app.css", "/simples.js", "/id")) {
                HttpResponse<String> response = test.get(path);
                assertEquals(200, response.statusCode(), path);
                assertEquals(List.of(), response.headers().allValues("set-cookie"), path + " set a cookie for an empty session");
            }
            assertEquals(List.of(), store.calls, "and nothing was written");
            assertTrue(test.get("/count").headers().firstValue("set-cookie").orElse("").startsWith("_session="));
            assertTrue(test.get("/fresh").headers().firstValue("set-cookie").orElse("").startsWith("_session="),
                    "generate() on an empty session is a session wanted");
        }
    }

    @Test
    void changed_sessions_are_written_and_unchanged_ones_only_updated() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            get(test, "/count");
            awaitNoLiveSession(test);
            String id = cookie();
            assertEquals(List.of("set " + id), store.calls, "a new session is written whole, without a read");
            store.clear();
            get(test, "/count");
            awaitNoLiveSession(test);
            assertEquals(List.of("get " + id, "apply " + id), store.calls, "loaded, then only the changed keys");
            store.clear();
            get(test, "/read");
            assertEquals(List.of("get " + id, "update " + id), store.calls, "unchanged: only the expiration moves");
        }
    }

    @Test
    void malformed_and_forged_ids_get_a_fresh_session_and_malformed_ones_never_reach_the_store() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            for (String forged : List.of("../../etc/passwd", "ABCDEF", "0123456789ABCDEF0123456789ABCDEF", "x;y")) {
                store.clear();
                HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/count"))
                        .header("Cookie", "_session=" + forged).build());
                assertEquals("1", response.body());
                assertFalse(store.methods().contains("get"), forged + " was looked up: " + store.calls);
            }
            String unknown = "0123456789abcdef0123456789abcdef";
            store.clear();
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/id"))
                    .header("Cookie", "_session=" + unknown).build());
            assertNotEquals(unknown, response.body(), "an unknown id is not adopted");
            assertEquals("get " + unknown, store.calls.get(0));
        }
    }

    @Test
    void an_expired_session_starts_over() throws Exception {
        try (TestServer test = counter(new SessionOptions(c -> true, store, Duration.ofMillis(500)))) {
            assertEquals("1", get(test, "/count").body());
            String first = cookie();
            Thread.sleep(700); // the expiration is a time: nothing else signals it
            test.send(HttpRequest.newBuilder(test.uri("/count")).header("Cookie", "_session=" + first).build());
            HttpResponse<String> after = test.send(HttpRequest.newBuilder(test.uri("/id"))
                    .header("Cookie", "_session=" + first).build());
            assertNotEquals(first, after.body());
        }
    }

    @Test
    void a_cookie_naming_an_unknown_session_gets_a_new_cookie_only_once_the_session_holds_something() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            String unknown = "0123456789abcdef0123456789abcdef";
            HttpResponse<String> empty = test.send(HttpRequest.newBuilder(test.uri("/read"))
                    .header("Cookie", "_session=" + unknown).build());
            assertEquals("null", empty.body());
            assertEquals(List.of(), empty.headers().allValues("set-cookie"));
            assertEquals(List.of("get " + unknown), store.calls, "nothing to remember: looked up, never written");
            store.clear();
            HttpResponse<String> counted = test.send(HttpRequest.newBuilder(test.uri("/count"))
                    .header("Cookie", "_session=" + unknown).build());
            assertEquals("1", counted.body());
            String header = counted.headers().firstValue("set-cookie").orElse("");
            assertTrue(header.startsWith("_session=") && !header.contains(unknown), header);
            assertEquals(List.of("get " + unknown, "set " + header.substring(9, 41)), store.calls);
        }
    }

    @Test
    void a_request_still_carrying_the_id_a_login_replaced_cannot_replace_the_new_cookie() throws Exception {
        // a browser's /favicon.ico (or any request sent before the login's answer came back) races the login
        try (TestServer test = counter(sessions(store))) {
            logInAsAda(test);
            get(test, "/count");
            String before = cookie();
            String after = browser.send(HttpRequest.newBuilder(test.uri("/login")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            store.clear();
            HttpResponse<String> stale = test.send(HttpRequest.newBuilder(test.uri("/read"))
                    .header("Cookie", "_session=" + before).build());
            assertEquals("null", stale.body(), "the old id is gone");
            assertEquals(List.of(), stale.headers().allValues("set-cookie"), "an empty new session sends no cookie");
            assertEquals(List.of("get " + before), store.calls, "and is not written");
            assertEquals(after, cookie());
        }
    }

    @Test
    void generate_moves_the_user_to_a_new_id_and_destroy_ends_the_session() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            logInAsAda(test);
            test.server.post("/logout", c -> {
                c.session().destroy().join();
                c.end("bye");
            });
            test.server.get("/user", c -> c.end(String.valueOf(c.session().get("user"))));
            get(test, "/count");
            String before = cookie();
            String after = browser.send(HttpRequest.newBuilder(test.uri("/login")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertNotEquals(before, after);
            assertEquals(after, cookie(), "the cookie follows the new id");
            assertEquals("ada", get(test, "/user").body());
            assertEquals("null", test.send(HttpRequest.newBuilder(test.uri("/user"))
                    .header("Cookie", "_session=" + before).build()).body(), "the old id is gone");
            browser.send(HttpRequest.newBuilder(test.uri("/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("null", get(test, "/user").body(), "destroyed");
        }
    }

    @Test
    void a_predicate_decides_which_requests_carry_a_session() throws Exception {
        Predicate<io.simples.core.Connection> onlyApp = c -> c.path().startsWith("/app");
        try (TestServer test = new TestServer(protocol)) {
            test.server.session(new SessionOptions(onlyApp, store, Duration.ofHours(1)));
            test.server.get("/app/x", c -> c.end(String.valueOf(c.hasSession())));
            test.server.get("/public", c -> c.end(String.valueOf(c.hasSession())));
            HttpResponse<String> app = get(test, "/app/x");
            assertEquals("true", app.body());
            HttpResponse<String> open = test.get("/public");
            assertEquals("false", open.body());
            assertFalse(open.headers().firstValue("set-cookie").isPresent());
        }
    }

    @Test
    void the_session_option_is_inherited_and_the_default_store_is_the_servers_memory() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.session(new SessionOptions(c -> true, null, Duration.ofHours(1)));
            Router child = test.server.router("child");
            Router off = test.server.router("off");
            off.session(SessionOptions.defaults());
            child.get("/", c -> c.end(c.session().store().getClass().getSimpleName()));
            off.get("/", c -> c.end(String.valueOf(c.hasSession())));
            assertEquals("MemoryStore", get(test, "/child").body());
            assertEquals("false", get(test, "/off").body());
        }
    }

    @Test
    void concurrent_requests_of_one_user_land_in_one_session() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.session(sessions(store));
            test.server.get("/set/:key", c -> {
                c.session().put(c.params().get("key"), true);
                c.end();
            });
            test.server.get("/keys", c -> c.end(String.valueOf(c.session().size())));
            get(test, "/set/k0"); // the session holds something: the user has its cookie
            assertEquals("1", get(test, "/keys").body());
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(browser.sendAsync(HttpRequest.newBuilder(test.uri("/set/k" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("100", get(test, "/keys").body());
            Map<String, Object> stored = store.memory.get(cookie()).join();
            assertEquals(100, stored.size(), "and in the store");
        }
    }

    @Test
    void a_store_that_fails_on_load_gives_503_and_is_reported() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (TestServer test = counter(sessions(store))) {
            test.server.onError((c, e) -> reported.add(e));
            get(test, "/count");
            store.down = true;
            HttpResponse<String> response = get(test, "/count");
            assertEquals(503, response.statusCode());
            assertEquals("1", response.headers().firstValue("retry-after").orElse(""));
            assertEquals(1, reported.size());
            assertTrue(reported.get(0).getMessage().contains("session store failed"), reported.get(0).getMessage());
            store.down = false;
            assertEquals("2", get(test, "/count").body(), "the session is still there once the store is back");
        }
    }

    @Test
    void a_failed_save_turns_the_answer_into_a_503() throws Exception {
        try (TestServer test = counter(sessions(store))) {
            get(test, "/count");
            test.server.get("/break-store", c -> {
                store.down = true;
                c.session().put("x", 1);
                c.end("answered");
            });
            HttpResponse<String> failed = get(test, "/break-store");
            assertEquals(503, failed.statusCode(), "the client must not believe a write that did not happen");
            assertEquals("1", failed.headers().firstValue("retry-after").orElse(null));
            assertTrue(failed.headers().firstValue("set-cookie").isEmpty(), "no cookie for an unsaved session");
            store.down = false;
            assertEquals("2", get(test, "/count").body(), "the requests before it are kept");
        }
    }

    @Test
    void stop_saves_every_open_session() throws Exception {
        // a listener still working when the grace period ends: its response never ends, so only
        // the stop's own save can bring its change to the store before stop() returns
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> id = new java.util.concurrent.atomic.AtomicReference<>();
        TestServer test = new TestServer(protocol, ServerOptions.defaults().gracePeriod(Duration.ofMillis(300)));
        test.server.session(sessions(store));
        test.server.get("/slow", c -> {
            c.session().put("slow", "done");
            id.set(c.session().id());
            inside.countDown();
            release.await(20, java.util.concurrent.TimeUnit.SECONDS);
            c.end("too late");
        });
        CompletableFuture<HttpResponse<String>> slow = browser.sendAsync(HttpRequest.newBuilder(test.uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(inside.await(10, java.util.concurrent.TimeUnit.SECONDS));
        try {
            test.server.stop();
            java.util.Map<String, Object> stored = store.memory.get(id.get()).join();
            assertEquals("done", stored == null ? null : stored.get("slow"), "saved by the stop, before it returned");
        } finally {
            release.countDown();
        }
        assertTrue(slow.handle((response, failure) -> failure != null || response.statusCode() != 200).get(10,
                java.util.concurrent.TimeUnit.SECONDS), "the request cut off by the stop gets no success");
    }
}
