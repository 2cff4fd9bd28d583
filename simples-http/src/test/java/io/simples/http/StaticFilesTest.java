package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class StaticFilesTest {

    @Parameter
    Protocol protocol;

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("app.js"), "console.log('0123456789');");
        Files.writeString(root.resolve("app.js.gz"), "GZIPPED");
        Files.writeString(root.resolve("app.js.br"), "BROTLI");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.txt"), "guide");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
    }

    TestServer server() {
        TestServer test = new TestServer(protocol);
        test.server.staticFiles(StaticOptions.of(root));
        return test;
    }

    HttpResponse<String> get(TestServer test, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return test.send(request.build());
    }

    @Test
    void files_are_served_with_type_etag_and_last_modified_and_directories_with_their_index() {
        try (TestServer test = server()) {
            HttpResponse<String> js = get(test, "/app.js");
            assertEquals("console.log('0123456789');", js.body());
            assertEquals("text/javascript;charset=utf-8", js.headers().firstValue("content-type").orElse(""));
            assertTrue(js.headers().firstValue("etag").orElse("").matches("\"[0-9a-f]+-[0-9a-f]+\""));
            assertTrue(js.headers().firstValue("last-modified").isPresent());
            assertEquals("bytes", js.headers().firstValue("accept-ranges").orElse(""));
            assertEquals("Accept-Encoding", js.headers().firstValue("vary").orElse(""));
            assertEquals("<h1>home</h1>", get(test, "/").body());
            assertEquals("guide", get(test, "/docs/guide.txt").body());
            assertEquals(404, get(test, "/empty").statusCode(), "a directory without index falls through to 404");
            HttpResponse<String> head = test.request("HEAD", "/app.js", null);
            assertEquals("", head.body());
            assertEquals("26", head.headers().firstValue("content-length").orElse(""));
        }
    }

    @Test
    void files_win_over_routes_and_what_is_not_a_file_falls_through() {
        try (TestServer test = server()) {
            test.server.get("/app.js", c -> c.end("route"));
            test.server.get("/docs/*", c -> c.end("route " + c.params().get("*")));
            test.server.post("/app.js", c -> c.end("posted"));
            assertEquals("console.log('0123456789');", get(test, "/app.js").body());
            assertEquals("route missing.txt", get(test, "/docs/missing.txt").body());
            assertEquals("posted", test.request("POST", "/app.js", "").body(), "files answer GET and HEAD only");
        }
    }

    @Test
    void conditional_requests_get_304() {
        try (TestServer test = server()) {
            HttpResponse<String> first = get(test, "/app.js");
            String etag = first.headers().firstValue("etag").orElseThrow();
            String modified = first.headers().firstValue("last-modified").orElseThrow();
            HttpResponse<String> byTag = get(test, "/app.js", "If-None-Match", "\"other\", " + etag);
            assertEquals(304, byTag.statusCode());
            assertEquals("", byTag.body());
            assertEquals(etag, byTag.headers().firstValue("etag").orElse(""));
            assertEquals(304, get(test, "/app.js", "If-Modified-Since", modified).statusCode());
            assertEquals(200, get(test, "/app.js", "If-None-Match", "\"other\"").statusCode());
            assertEquals(200, get(test, "/app.js", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        }
    }

    @Test
    void ranges_get_206_or_416() {
        try (TestServer test = server()) {
            HttpResponse<String> part = get(test, "/app.js", "Range", "bytes=13-22");
            assertEquals(206, part.statusCode());
            assertEquals("0123456789", part.body());
            assertEquals("bytes 13-22/26", part.headers().firstValue("content-range").orElse(""));
            assertEquals("89');", get(test, "/app.js", "Range", "bytes=21-").body());
            assertEquals("');", get(test, "/app.js", "Range", "bytes=-3").body());
            HttpResponse<String> beyond = get(test, "/app.js", "Range", "bytes=26-30");
            assertEquals(416, beyond.statusCode());
            assertEquals("bytes */26", beyond.headers().firstValue("content-range").orElse(""));
            assertEquals(200, get(test, "/app.js", "Range", "bytes=0-1,4-5").statusCode(), "several ranges: the whole file");
            assertEquals(200, get(test, "/app.js", "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
        }
    }

    @Test
    void precompressed_siblings_are_sent_to_clients_that_accept_them() {
        try (TestServer test = server()) {
            HttpResponse<String> brotli = get(test, "/app.js", "Accept-Encoding", "gzip, br");
            assertEquals("BROTLI", brotli.body());
            assertEquals("br", brotli.headers().firstValue("content-encoding").orElse(""));
            assertEquals("text/javascript;charset=utf-8", brotli.headers().firstValue("content-type").orElse(""));
            HttpResponse<String> gzip = get(test, "/app.js", "Accept-Encoding", "gzip;q=1, br;q=0");
            assertEquals("GZIPPED", gzip.body());
            assertTrue(!gzip.headers().firstValue("etag").equals(brotli.headers().firstValue("etag")), "each has its own ETag");
            assertEquals("console.log('0123456789');", get(test, "/app.js", "Accept-Encoding", "identity").body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt", "/docs%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt", "/%00index.html", "//etc/passwd", "/escape.txt", "/docs/./guide.txt", "/%2e/index.html"})
    void nothing_outside_the_root_is_ever_served(String path) throws Exception {
        try (TestServer test = server()) {
            if (protocol.speaksRawHttp1()) {
                String answer = test.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));
                assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
                assertFalse(answer.contains("secret") || answer.contains("root:"), answer);
                return;
            }
            try (Http2Wire wire = test.h2()) { // the :path as written, which the JDK's client would normalise or refuse
                wire.headers(1, Http2Wire.fields(":method", "GET", ":scheme", "https", ":authority", "localhost", ":path", path), true);
                Http2Wire.Answer answer = wire.answer(1, Duration.ofSeconds(5));
                assertTrue(answer.status() == 404 || answer.status() == 400, path + ": " + answer);
                assertFalse(answer.body().contains("secret") || answer.body().contains("root:"), answer.toString());
            }
        }
    }

    @Test
    void the_static_option_is_off_by_default_and_per_router() {
        try (TestServer test = new TestServer(protocol)) {
            assertEquals(404, get(test, "/index.html").statusCode());
            Router assets = test.server.router("assets");
            assets.staticFiles(StaticOptions.of(root));
            assertEquals(404, get(test, "/app.js").statusCode());
            assertEquals("console.log('0123456789');", get(test, "/assets/app.js").body(),
                    "a router serves its location: /assets/app.js is app.js under the root");
        }
    }
}
