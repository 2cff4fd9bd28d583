package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ConnectionTest {

    @Test
    void the_request_view_tells_everything_about_the_request() {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        try (TestServer test = new TestServer()) {
            test.server.get("/users/:id", c -> {
                seen.set(Map.ofEntries(
                        Map.entry("method", c.method()),
                        Map.entry("path", c.path()),
                        Map.entry("url", c.url()),
                        Map.entry("href", c.href()),
                        Map.entry("host", c.host()),
                        Map.entry("hostname", c.hostname()),
                        Map.entry("ip", c.ip()),
                        Map.entry("protocol", c.protocol()),
                        Map.entry("langs", c.langs()),
                        Map.entry("query", c.query()),
                        Map.entry("queryAll", c.queryAll()),
                        Map.entry("cookies", c.cookies()),
                        Map.entry("header", c.headers().get("X-CUSTOM")),
                        Map.entry("params", c.params()),
                        Map.entry("session", String.valueOf(c.hasSession()))));
                c.data().put("k", "v");
                c.end(String.valueOf(c.data().get("k")));
            });
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/users/7?a=1&b=x%20y&a=2"))
                    .header("x-custom", "yes")
                    .header("Cookie", "theme=dark; lang=en")
                    .header("Accept-Language", "fr;q=0.5, en-GB, de;q=0.8, xx;q=0")
                    .build());
            assertEquals("v", response.body());
            Map<String, Object> view = seen.get();
            assertEquals("GET", view.get("method"));
            assertEquals("/users/7", view.get("path"));
            assertEquals("/users/7?a=1&b=x%20y&a=2", view.get("url"));
            assertEquals("http://127.0.0.1:" + test.server.port() + "/users/7?a=1&b=x%20y&a=2", view.get("href"));
            assertEquals("127.0.0.1:" + test.server.port(), view.get("host"));
            assertEquals("127.0.0.1", view.get("hostname"));
            assertEquals("127.0.0.1", view.get("ip"));
            assertEquals("http", view.get("protocol"));
            assertEquals(List.of("en-GB", "de", "fr"), view.get("langs"));
            assertEquals(Map.of("a", "1", "b", "x y"), view.get("query"));
            assertEquals(Map.of("a", List.of("1", "2"), "b", List.of("x y")), view.get("queryAll"));
            assertEquals(Map.of("theme", "dark", "lang", "en"), view.get("cookies"));
            assertEquals("yes", view.get("header"));
            assertEquals(Map.of("id", "7"), view.get("params"));
            assertEquals("false", view.get("session"), "no session where sessions are not enabled");
        }
    }

    @Test
    void the_response_head_is_what_the_listener_set() {
        try (TestServer test = new TestServer()) {
            test.server.get("/", c -> c.status(201).type("json").lang("en").cache("max-age=60")
                    .header("x-list", List.of("a", "b"))
                    .links(Map.of("next", "/page/2"))
                    .cookie("plain", "1")
                    .cookie("remember", "me", CookieOptions.defaults().maxAge(Duration.ofDays(1)).secure(true))
                    .end("{}"));
            HttpResponse<String> response = test.get("/");
            assertEquals(201, response.statusCode());
            assertEquals("application/json;charset=utf-8", response.headers().firstValue("content-type").orElse(""));
            assertEquals("en", response.headers().firstValue("content-language").orElse(""));
            assertEquals("max-age=60", response.headers().firstValue("cache-control").orElse(""));
            assertEquals(List.of("a", "b"), response.headers().allValues("x-list"));
            assertEquals("</page/2>; rel=\"next\"", response.headers().firstValue("link").orElse(""));
            List<String> cookies = response.headers().allValues("set-cookie");
            assertEquals("plain=1; Path=/; HTTPOnly; SameSite=Lax", cookies.get(0));
            assertTrue(cookies.get(1).startsWith("remember=me; Max-Age=86400; Expires="), cookies.get(1));
            assertTrue(cookies.get(1).endsWith("; Path=/; Secure; HTTPOnly; SameSite=Lax"), cookies.get(1));
            assertTrue(response.headers().firstValue("date").isPresent());
        }
    }

    @Test
    void end_sends_a_length_write_streams_chunks() {
        try (TestServer test = new TestServer()) {
            test.server.get("/whole", c -> c.end("whole"));
            test.server.get("/default-type", c -> c.end());
            test.server.get("/stream", c -> {
                for (int i = 0; i < 3; i++) {
                    c.write("part" + i + ";");
                }
                c.end("done");
            });
            test.server.get("/elsewhere", c -> {
                c.write("written here, ");
                new Thread(() -> c.end("ended on another thread")).start();
            });
            HttpResponse<String> whole = test.get("/whole");
            assertEquals("5", whole.headers().firstValue("content-length").orElse(""));
            assertEquals("text/plain;charset=utf-8", whole.headers().firstValue("content-type").orElse(""));
            String raw = test.raw("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));
            assertTrue(raw.contains("transfer-encoding: chunked"), raw);
            assertTrue(raw.contains("6\r\npart0;\r\n") && raw.endsWith("4\r\ndone\r\n0\r\n\r\n"), raw);
            assertEquals("part0;part1;part2;done", test.get("/stream").body());
            assertEquals("written here, ended on another thread", test.get("/elsewhere").body(),
                    "the response ends when it is ended, not when the listener returns");
            assertEquals("", test.get("/default-type").body());
        }
    }

    record Point(int x, int y) {
    }

    @Test
    void send_writes_text_bytes_or_json() {
        try (TestServer test = new TestServer()) {
            test.server.get("/text", c -> c.send("plain"));
            test.server.get("/bytes", c -> c.send(new byte[]{1, 2, 3}));
            test.server.get("/json", c -> c.send(new Point(1, 2)));
            test.server.get("/typed", c -> c.type("txt").send(List.of(1, 2)));
            assertEquals("plain", test.get("/text").body());
            assertEquals("application/octet-stream", test.get("/bytes").headers().firstValue("content-type").orElse(""));
            HttpResponse<String> json = test.get("/json");
            assertEquals("{\"x\":1,\"y\":2}", json.body());
            assertEquals("application/json;charset=utf-8", json.headers().firstValue("content-type").orElse(""));
            assertEquals("text/plain;charset=utf-8", test.get("/typed").headers().firstValue("content-type").orElse(""));
        }
    }

    @Test
    void the_body_reads_as_text_and_json() {
        try (TestServer test = new TestServer()) {
            test.server.post("/text", c -> c.end(c.body().text().toUpperCase()));
            test.server.post("/json", c -> c.send(Map.of("x", c.body().json(Point.class).x(),
                    "tree", c.body().json().get("y").asInt())));
            assertEquals("HÉLLO", test.request("POST", "/text", "héllo").body());
            String json = test.request("POST", "/json", "{\"x\":3,\"y\":4}").body();
            assertTrue(json.contains("\"x\":3") && json.contains("\"tree\":4"), json);
            HttpResponse<String> bad = test.request("POST", "/json", "{not json");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().startsWith("the body is not valid JSON"), bad.body());
        }
    }

    @Test
    void redirects() {
        try (TestServer test = new TestServer()) {
            test.server.get("/old", c -> c.redirect("/new", true));
            test.server.get("/tmp", c -> c.redirect("/new"));
            HttpResponse<String> permanent = test.get("/old");
            assertEquals(301, permanent.statusCode());
            assertEquals("/new", permanent.headers().firstValue("location").orElse(""));
            assertEquals(302, test.get("/tmp").statusCode());
        }
    }

    @Test
    void drain_streams_a_file_with_its_type(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.json");
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Files.write(file, big);
        try (TestServer test = new TestServer()) {
            test.server.get("/file", c -> c.drain(file));
            test.server.get("/missing", c -> c.drain(dir.resolve("nope.txt")));
            HttpResponse<byte[]> response = test.client.send(HttpRequest.newBuilder(test.uri("/file")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals("application/json;charset=utf-8", response.headers().firstValue("content-type").orElse(""));
            assertEquals(String.valueOf(big.length), response.headers().firstValue("content-length").orElse(""));
            assertTrue(java.util.Arrays.equals(big, response.body()));
            assertEquals(404, test.get("/missing").statusCode());
            HttpResponse<String> head = test.request("HEAD", "/file", null);
            assertEquals(String.valueOf(big.length), head.headers().firstValue("content-length").orElse(""));
        }
    }

    @Test
    void close_cuts_the_connection() {
        try (TestServer test = new TestServer()) {
            test.server.get("/", HTTPConnection::close);
            String raw = test.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(5));
            assertEquals("", raw);
        }
    }
}
