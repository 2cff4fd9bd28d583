package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simples.session.RecordingStore;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.ws.WSOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One live session for a user's HTTP requests and WebSockets, and across servers through Redis. */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(120)
class SharedSessionTest {

    @Parameter
    Protocol protocol;

    final RecordingStore store = new RecordingStore();

    static TestServer app(Protocol protocol, io.simples.session.Store store) {
        TestServer test = new TestServer(protocol);
        test.server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
        test.server.post("/name/:name", c -> {
            c.session().put("name", c.params().get("name"));
            c.end("ok");
        });
        test.server.get("/name", c -> c.end(String.valueOf(c.session().get("name"))));
        test.server.post("/logout", c -> {
            c.session().destroy().join();
            c.end("bye");
        });
        test.server.ws("socket", WSOptions.defaults(), connection -> connection.onMessage(message -> {
            String text = message.text();
            if (text.startsWith("set ")) {
                connection.session().put("name", text.substring(4));
                connection.send("set");
            } else {
                connection.send("name " + connection.session().get("name"));
            }
        }));
        return test;
    }

    static String login(TestServer test) {
        HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/name/first"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    static WebSocketTest.Client socket(TestServer test, String cookie) throws Exception {
        WebSocketTest.Client client = new WebSocketTest.Client();
        // a WebSocket is always HTTP/1.1 (RFC 8441 is out of scope): over TLS, ALPN gives it http/1.1 beside the h2 requests
        client.socket = test.protocol.client().build().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(test.webSocketUri("/socket"), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    static String ask(WebSocketTest.Client client, String text) throws Exception {
        client.socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        return client.next();
    }

    static String getWith(TestServer test, String cookie, String path) {
        return test.send(HttpRequest.newBuilder(test.uri(path)).header("Cookie", cookie).build()).body();
    }

    static void postWith(TestServer test, String cookie, String path) {
        test.send(HttpRequest.newBuilder(test.uri(path)).header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void http_and_websocket_share_one_live_session() throws Exception {
        try (TestServer test = app(protocol, store)) {
            String cookie = login(test);
            WebSocketTest.Client client = socket(test, cookie);
            assertEquals("text:name first", ask(client, "get"));

            postWith(test, cookie, "/name/second");
            assertEquals("text:name second", ask(client, "get"), "seen by the open socket at once");

            assertEquals("text:set", ask(client, "set third"));
            assertEquals("third", getWith(test, cookie, "/name"), "set over the socket, seen by the next request");
        }
    }

    @Test
    void the_session_is_saved_when_the_socket_closes() throws Exception {
        try (TestServer test = app(protocol, store)) {
            String cookie = login(test);
            String id = cookie.substring("_session=".length());
            WebSocketTest.Client client = socket(test, cookie);
            ask(client, "set from-socket");
            store.clear();
            client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            assertEquals("close:1000:", client.next());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!store.calls.contains("apply " + id) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(store.calls.contains("apply " + id), String.valueOf(store.calls));
            assertEquals("from-socket", store.memory.get(id).join().get("name"));
        }
    }

    @Test
    void a_websocket_opened_without_a_session_gets_the_cookie_in_the_101() throws Exception {
        assumeTrue(protocol.speaksRawHttp1(), "a raw handshake in clear: WebSocketTest's, once for both");
        try (TestServer test = app(protocol, store); RawWebSocket raw = new RawWebSocket(test.server.port(), "/socket")) {
            assertTrue(raw.handshake.startsWith("HTTP/1.1 101"), raw.handshake);
            assertTrue(raw.handshake.matches("(?s).*set-cookie: _session=[0-9a-f]{32}; Max-Age=3600;.*"), raw.handshake);
        }
    }

    @Test
    void logging_out_closes_the_users_websockets_with_1008() throws Exception {
        try (TestServer test = app(protocol, store)) {
            String cookie = login(test);
            WebSocketTest.Client client = socket(test, cookie);
            assertEquals("text:name first", ask(client, "get"));
            postWith(test, cookie, "/logout");
            assertEquals("close:1008:session destroyed", client.next());
        }
    }

    @Test
    void two_servers_on_one_redis_serve_the_same_user_and_lose_nothing() throws Exception {
        RedisStore redis = SharedRedis.connect("simples-http-test:" + UUID.randomUUID() + ":");
        try (redis; TestServer one = app(protocol, redis); TestServer two = app(protocol, redis)) {
            one.server.post("/key/:key", c -> {
                c.session().put(c.params().get("key"), 1);
                c.end();
            });
            two.server.post("/key/:key", c -> {
                c.session().put(c.params().get("key"), 2);
                c.end();
            });
            two.server.get("/size", c -> c.end(String.valueOf(c.session().size())));
            String cookie = login(one);
            WebSocketTest.Client client = socket(two, cookie);
            assertEquals("text:name first", ask(client, "get"), "logged in on one, known on two");
            client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);

            int rounds = 200;
            HttpClient http = protocol.client().build();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            // over HTTP/2 each server's connection takes 100 streams at once (more are refused, RFC 9113 §5.1.2,
            // and the JDK's client before 21 sends them anyway): there, 50 at a time
            int batch = protocol.speaksRawHttp1() ? rounds : 50;
            for (int i = 0; i < rounds; i++) {
                all.add(http.sendAsync(HttpRequest.newBuilder(one.uri("/key/one" + i)).header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
                all.add(http.sendAsync(HttpRequest.newBuilder(two.uri("/key/two" + i)).header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
                if ((i + 1) % batch == 0) {
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Map<String, Object> stored = redis.get(cookie.substring("_session=".length())).get(10, TimeUnit.SECONDS);
            // nothing accepted is lost: every key whose request got its 200 is in the store, with its
            // server's value. On a starved machine a store command may time out (2 s) and its request
            // is answered 500 or 503 instead, which is not a loss; most must still succeed.
            int accepted = 0;
            for (HttpResponse<String> response : all.stream().map(CompletableFuture::join).toList()) {
                if (response.statusCode() != 200) {
                    continue;
                }
                accepted++;
                String key = response.uri().getPath().substring("/key/".length());
                assertEquals(key.startsWith("one") ? 1 : 2, stored.get(key), key + " was answered 200");
            }
            assertTrue(accepted >= rounds, "only " + accepted + " of " + 2 * rounds + " requests succeeded");
            assertTrue(Integer.parseInt(getWith(two, cookie, "/size")) >= 1 + accepted, "the live session on two misses keys");
        }
    }

    @Test
    void an_open_websocket_keeps_its_session_from_expiring_in_the_store() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.session(new SessionOptions(c -> true, store, Duration.ofSeconds(2)));
            test.server.post("/login", c -> {
                c.session().put("user", "ada");
                c.end();
            });
            test.server.ws("socket", WSOptions.defaults(), connection -> connection.send("hi " + connection.session().get("user")));
            HttpResponse<String> login = test.send(HttpRequest.newBuilder(test.uri("/login"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String id = cookie.substring("_session=".length());
            WebSocketTest.Client client = socket(test, cookie);
            assertEquals("text:hi ada", client.next());
            Thread.sleep(3500); // longer than the timeout: only the socket's refreshes keep it
            assertTrue(store.memory.get(id).join() != null, "the session outlived its timeout while the socket was open");
            assertTrue(store.calls.contains("update " + id), String.valueOf(store.calls));
        }
    }
}
