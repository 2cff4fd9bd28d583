package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cleartext HTTP/2 when {@code Http2Options.cleartext} is on: by {@code Upgrade: h2c} (the JDK's
 * client), by prior knowledge (curl's {@code --http2-prior-knowledge}, and h2load's many streams on
 * one connection). Every stream is an exchange through the same routes, sessions, files and limits
 * as HTTP/1.1; off (the default), the preface gets HTTP/1.1's 505.
 */
@Timeout(60)
class Http2Test {

    @TempDir
    Path directory;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

    private static TestServer h2c(boolean eventLoop) {
        return new TestServer(ServerOptions.defaults().eventLoopHandlers(eventLoop)
                .limits(Limits.defaults().bodySize(1000))
                .http2(Http2Options.defaults().cleartext(true)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "event loop: {0}")
    @ValueSource(booleans = {false, true})
    void routes_json_errors_and_a_session_answer_over_h2c(boolean eventLoop) throws Exception {
        try (TestServer test = h2c(eventLoop)) {
            test.server.session(SessionOptions.defaults().enabled(true));
            test.server.get("/users/:id", c -> c.send(Map.of("id", c.params().get("id"))));
            test.server.get("/version", c -> c.end(c.version() + " " + c.protocol() + " " + c.headers().keySet().stream()
                    .filter(name -> name.startsWith("x-http2")).toList()));
            test.server.get("/count", c -> c.end(String.valueOf(c.session().merge("n", 1, (a, b) -> (Integer) a + (Integer) b))));
            HttpResponse<String> user = send(HttpRequest.newBuilder(test.uri("/users/7")));
            assertEquals(HttpClient.Version.HTTP_2, user.version(), "upgraded by Upgrade: h2c");
            assertEquals("{\"id\":\"7\"}", user.body());
            assertEquals("application/json;charset=utf-8", user.headers().firstValue("content-type").orElse(""));
            assertEquals("1", send(HttpRequest.newBuilder(test.uri("/count"))).body());
            HttpResponse<String> second = send(HttpRequest.newBuilder(test.uri("/count")));
            assertEquals(HttpClient.Version.HTTP_2, second.version());
            assertEquals("2", second.body(), "the session's cookie came back over HTTP/2");
            assertEquals("HTTP/2 http []", send(HttpRequest.newBuilder(test.uri("/version"))).body(),
                    "the version, the scheme, and none of Netty's conversion headers");
            HttpResponse<String> missing = send(HttpRequest.newBuilder(test.uri("/nowhere")));
            assertEquals(404, missing.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, missing.version());
        }
    }

    @Test
    void a_body_past_the_limit_gets_413_on_its_stream_and_the_connection_lives_on() throws Exception {
        try (TestServer test = h2c(false)) {
            test.server.post("/echo", c -> c.end(c.body().text()));
            test.server.get("/after", c -> c.end("still here"));
            assertEquals(HttpClient.Version.HTTP_2, send(HttpRequest.newBuilder(test.uri("/after"))).version());
            HttpResponse<String> echo = send(HttpRequest.newBuilder(test.uri("/echo")).POST(HttpRequest.BodyPublishers.ofString("hi")));
            assertEquals("hi", echo.body());
            HttpResponse<String> tooBig = send(HttpRequest.newBuilder(test.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))));
            assertEquals(413, tooBig.statusCode());
            assertEquals("413 Content Too Large: the body is larger than 1000 bytes", tooBig.body());
            HttpResponse<String> after = send(HttpRequest.newBuilder(test.uri("/after")));
            assertEquals("still here", after.body());
            assertEquals(HttpClient.Version.HTTP_2, after.version());
        }
    }

    @Test
    void a_static_file_and_a_range_go_over_h2c() throws Exception {
        Files.writeString(directory.resolve("hello.txt"), "0123456789".repeat(5000));
        try (TestServer test = h2c(false)) {
            test.server.staticFiles(StaticOptions.of(directory));
            HttpResponse<String> whole = send(HttpRequest.newBuilder(test.uri("/hello.txt")));
            assertEquals(50_000, whole.body().length());
            assertEquals(HttpClient.Version.HTTP_2, whole.version());
            HttpResponse<String> range = send(HttpRequest.newBuilder(test.uri("/hello.txt")).header("Range", "bytes=10-14"));
            assertEquals(206, range.statusCode());
            assertEquals("01234", range.body());
        }
    }

    @Test
    void prior_knowledge_answers_in_http2_and_many_streams_share_one_connection() throws Exception {
        try (TestServer test = h2c(false)) {
            test.server.get("/plaintext", c -> c.end("Hello, World!"));
            String url = "http://127.0.0.1:" + test.server.port() + "/plaintext";
            assertEquals("Hello, World! 200 2", TestServer.run("curl", "-sS", "--max-time", "10", "--http2-prior-knowledge",
                    "-w", " %{http_code} %{http_version}", url));
            String load = TestServer.run("h2load", "-n", "200", "-c", "1", "-m", "16", url);
            assertTrue(load.contains("200 succeeded, 0 failed, 0 errored"), load);
            assertTrue(load.contains("status codes: 200 2xx"), load);
        }
    }

    @Test
    void a_websocket_stays_on_http1_and_shares_the_session_of_the_http2_requests() throws Exception {
        try (TestServer test = h2c(false)) {
            test.server.session(SessionOptions.defaults().enabled(true));
            test.server.post("/login", c -> {
                c.session().put("name", c.body().text());
                c.end("in");
            });
            test.server.ws("/echo", io.simples.ws.WSOptions.defaults(),
                    socket -> socket.onMessage(message -> socket.send(socket.session().get("name") + ": " + message.text())));
            HttpResponse<String> login = send(HttpRequest.newBuilder(test.uri("/login")).POST(HttpRequest.BodyPublishers.ofString("ada")));
            assertEquals(HttpClient.Version.HTTP_2, login.version());
            java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket socket = client.newWebSocketBuilder().buildAsync(
                    java.net.URI.create("ws://127.0.0.1:" + test.server.port() + "/echo"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data,
                                                                              boolean last) {
                            heard.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("ada: hello", heard.poll(10, TimeUnit.SECONDS), "the WebSocket (HTTP/1.1) has the HTTP/2 requests' session");
            socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void http1_still_answers_beside_h2c_and_without_it_the_preface_gets_505() throws Exception {
        try (TestServer test = h2c(false)) {
            test.server.get("/", c -> c.end("hello"));
            test.server.get("/version", c -> c.end(c.version()));
            HttpResponse<String> plain = test.send(HttpRequest.newBuilder(test.uri("/")).version(HttpClient.Version.HTTP_1_1).build());
            assertEquals("hello", plain.body());
            assertEquals("HTTP/1.1", test.send(HttpRequest.newBuilder(test.uri("/version")).version(HttpClient.Version.HTTP_1_1).build())
                    .body());
            assertTrue(test.raw("GET /version HTTP/1.0\r\n\r\n", Duration.ofSeconds(3)).endsWith("HTTP/1.0"));
            assertEquals(HttpClient.Version.HTTP_1_1, plain.version());
        }
        try (TestServer test = new TestServer()) {
            String answer = test.raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(answer.startsWith("HTTP/1.1 505"), answer);
        }
    }
}
