package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.internal.http1.HttpPipeline;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Request bodies: forms, multipart uploads to disk, limits, timeouts and broken input. */
@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(120)
class BodyTest {

    @Parameter
    Protocol protocol;

    static final String BOUNDARY = "----simples-boundary";

    static String part(String name, String filename, String type, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n" + content + "\r\n";
    }

    static HttpRequest.Builder multipart(TestServer test, String path, String body) {
        return HttpRequest.newBuilder(test.uri(path)).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void urlencoded_fields_keep_repeated_names() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.post("/", c -> c.send(c.body().form().fields()));
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("a=1&b=x%20y&a=2&empty=")).build());
            assertEquals("{\"a\":[\"1\",\"2\"],\"b\":[\"x y\"],\"empty\":[\"\"]}".length(), response.body().length(), response.body());
            assertTrue(response.body().contains("\"a\":[\"1\",\"2\"]"), response.body());
        }
    }

    @Test
    void multipart_fields_and_files_small_in_memory_large_on_disk_gone_after_the_response(@TempDir Path kept) throws Exception {
        AtomicReference<Path> temporary = new AtomicReference<>();
        try (TestServer test = new TestServer(protocol)) {
            test.server.post("/upload", c -> {
                Form form = c.body().form();
                Upload small = form.file("small");
                Upload large = form.file("large");
                assertTrue(small.inMemory());
                assertFalse(large.inMemory());
                temporary.set(Files.list(Path.of(HttpPipeline.UPLOADS)).filter(p -> p.toFile().length() == large.size())
                        .findFirst().orElse(null));
                form.file("keep").moveTo(kept.resolve("kept.bin"));
                c.send(Map.of("title", form.field("title"), "tags", form.fields("tag"),
                        "small", small.filename() + " " + small.contentType() + " " + small.size() + " " + new String(small.bytes()),
                        "large", large.filename() + " " + large.size()));
            });
            String big = "L".repeat(100_000);
            String body = part("title", null, null, "héllo") + part("tag", null, null, "a") + part("tag", null, null, "b")
                    + part("small", "s.txt", "text/plain", "tiny") + part("large", "l.bin", "application/octet-stream", big)
                    + part("keep", "k.bin", "application/octet-stream", "keep me " + big) + "--" + BOUNDARY + "--\r\n";
            HttpResponse<String> response = test.send(multipart(test, "/upload", body).build());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"title\":\"héllo\""), response.body());
            assertTrue(response.body().contains("\"tags\":[\"a\",\"b\"]"), response.body());
            assertTrue(response.body().contains("\"small\":\"s.txt text/plain 4 tiny\""), response.body());
            assertTrue(response.body().contains("\"large\":\"l.bin 100000\""), response.body());
            assertTrue(temporary.get() != null, "the large file was on disk");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(temporary.get()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(Files.exists(temporary.get()), "deleted when the response ended");
            assertEquals("keep me " + big, Files.readString(kept.resolve("kept.bin")), "a moved file stays");
        }
    }

    @Test
    void a_100_mib_upload_goes_to_disk_without_growing_the_heap() throws Exception {
        long size = 100L << 20;
        AtomicLong heapWhileHeld = new AtomicLong();
        AtomicLong received = new AtomicLong();
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().uploadSize(200L << 20)))) {
            test.server.post("/upload", c -> {
                received.set(c.body().form().file("data").size());
                heapWhileHeld.set(usedHeapAfterGc());
                c.end("ok");
            });
            long before = usedHeapAfterGc();
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"big.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> generated(head, size, tail)),
                            head.length + size + tail.length)).build());
            assertEquals("ok", response.body());
            assertEquals(size, received.get());
            long growth = heapWhileHeld.get() - before;
            System.out.printf("100 MiB upload: heap growth while the upload is held %d KiB%n", growth / 1024);
            assertTrue(growth < 16L << 20, "the heap grew by " + growth / 1024 + " KiB");
        }
    }

    /** {@code head}, then {@code size} bytes of a repeating pattern, then {@code tail}, made as it is read. */
    static InputStream generated(byte[] head, long size, byte[] tail) {
        return new InputStream() {
            long position;
            final long total = head.length + size + tail.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= total) {
                    return -1;
                }
                int n = (int) Math.min(length, total - position);
                for (int i = 0; i < n; i++, position++) {
                    if (position < head.length) {
                        buffer[offset + i] = head[(int) position];
                    } else if (position < head.length + size) {
                        buffer[offset + i] = (byte) ('a' + (position % 26));
                    } else {
                        buffer[offset + i] = tail[(int) (position - head.length - size)];
                    }
                }
                return n;
            }
        };
    }

    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void a_truncated_multipart_body_gets_400() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            AtomicBoolean reached = new AtomicBoolean();
            test.server.post("/upload", c -> {
                reached.set(true);
                c.end("never");
            });
            String body = part("a", null, null, "1") + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; "
                    + "filename=\"f.txt\"\r\n\r\nhalf a fi";
            if (protocol.speaksRawHttp1()) {
                String answer = test.raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
                        + BOUNDARY + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, Duration.ofSeconds(5));
                assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            } else {
                try (Http2Wire wire = test.h2()) {
                    wire.headers(1, post("/upload", "content-type", "multipart/form-data; boundary=" + BOUNDARY), false);
                    wire.data(1, body.getBytes(StandardCharsets.UTF_8), true);
                    assertEquals(400, wire.answer(1, Duration.ofSeconds(5)).status());
                }
            }
            assertFalse(reached.get());
        }
    }

    @Test
    void too_many_parts_and_a_body_one_byte_past_the_limit_get_413() throws Exception {
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().parts(3).bodySize(1000)))) {
            test.server.post("/", c -> c.end("fields " + c.body().form().fields().size()));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                many.append(part("f" + i, null, null, "v"));
            }
            many.append("--").append(BOUNDARY).append("--\r\n");
            HttpResponse<String> tooMany = test.send(multipart(test, "/", many.toString()).build());
            assertEquals(413, tooMany.statusCode(), tooMany.body());

            if (protocol.speaksRawHttp1()) { // a body without a declared length: chunked
                String chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n" + "x".repeat(1001) + "\r\n0\r\n\r\n";
                String answer = test.raw(chunked, Duration.ofSeconds(5));
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            } else { // DATA frames without content-length
                try (Http2Wire wire = test.h2()) {
                    wire.headers(1, post("/"), false);
                    wire.data(1, "x".repeat(1001).getBytes(StandardCharsets.US_ASCII), true);
                    assertEquals(413, wire.answer(1, Duration.ofSeconds(5)).status());
                }
            }
            HttpResponse<String> exact = test.send(HttpRequest.newBuilder(test.uri("/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("a=" + "x".repeat(998))).build());
            assertEquals("fields 1", exact.body(), "exactly the limit is fine");
        }
    }

    @Test
    void a_browser_past_the_limit_gets_a_page_that_names_it_and_links_back() throws Exception {
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().bodySize(5 * 1024 * 1024)))) {
            test.server.post("/upload", c -> c.end("taken"));
            if (!protocol.speaksRawHttp1()) {
                assertEquals("413 <p>The body is larger than 5 MiB.</p> <a href=\"/form?a=1&amp;b=2\">Back</a>",
                        tooLargeOverHttp2(test, "text/html,*/*", "https://localhost/form?a=1&b=2"));
                assertEquals("413 <p>The body is larger than 5 MiB.</p> <a href=\"/\">Back</a>", tooLargeOverHttp2(test, "text/html", "https://evil.example/"),
                        "no link off the site");
                assertEquals("413 413 Content Too Large: the body is larger than 5 MiB", tooLargeOverHttp2(test, null, null));
                return;
            }
            String head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000\r\nConnection: close\r\n";
            String page = test.raw(head + "Accept: text/html,*/*\r\nReferer: http://x/form?a=1&b=2\r\n\r\n", Duration.ofSeconds(5));
            assertTrue(page.startsWith("HTTP/1.1 413 Content Too Large\r\n"), page);
            assertTrue(page.contains("content-type: text/html;charset=utf-8"), page);
            assertTrue(page.contains("<p>The body is larger than 5 MiB.</p>"), page);
            assertTrue(page.contains("<a href=\"/form?a=1&amp;b=2\">Back</a>"), page);
            String elsewhere = test.raw(head + "Accept: text/html\r\nReferer: http://evil.example/\r\n\r\n", Duration.ofSeconds(5));
            assertTrue(elsewhere.contains("<a href=\"/\">Back</a>"), "no link off the site: " + elsewhere);
            String text = test.raw(head + "\r\n", Duration.ofSeconds(5));
            assertTrue(text.endsWith("\r\n\r\n413 Content Too Large: the body is larger than 5 MiB"), text);
        }
    }

    /**
     * A 6 MB upload announced by content-length over HTTP/2, its body never sent: the status and
     * what of the answer matters (the page's sentence and link for a browser, the whole text
     * otherwise).
     */
    private static String tooLargeOverHttp2(TestServer test, String accept, String referer) throws Exception {
        try (Http2Wire wire = test.h2()) {
            List<String> fields = new ArrayList<>(List.of(":method", "POST", ":scheme", "https", ":authority", "localhost",
                    ":path", "/upload", "content-length", "6000000"));
            if (accept != null) {
                fields.addAll(List.of("accept", accept, "referer", referer));
            }
            wire.headers(1, Http2Wire.fields(fields.toArray(String[]::new)), false);
            Http2Wire.Answer answer = wire.answer(1, Duration.ofSeconds(5));
            String body = answer.body();
            if (accept == null) {
                return answer.status() + " " + body;
            }
            java.util.regex.Matcher sentence = java.util.regex.Pattern.compile("<p>The body[^<]*</p>").matcher(body);
            java.util.regex.Matcher back = java.util.regex.Pattern.compile("<a href=\"[^\"]*\">Back</a>").matcher(body);
            return answer.status() + (sentence.find() ? " " + sentence.group() : "") + (back.find() ? " " + back.group() : "");
        }
    }

    /** A POST's header block over TLS, with {@code more} fields after the pseudo-headers. */
    private static byte[] post(String path, String... more) {
        List<String> fields = new ArrayList<>(List.of(":method", "POST", ":scheme", "https", ":authority", "localhost", ":path", path));
        fields.addAll(List.of(more));
        return Http2Wire.fields(fields.toArray(String[]::new));
    }

    @Test
    void an_empty_multipart_body_is_an_empty_form() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.post("/", c -> c.end("fields " + c.body().form().fields().size() + ", files " + c.body().form().files().size()));
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("fields 0, files 0", response.body());
        }
    }

    @Test
    void a_form_of_another_type_gets_415() {
        try (TestServer test = new TestServer(protocol)) {
            test.server.post("/", c -> c.send(c.body().form().fields()));
            HttpResponse<String> response = test.send(HttpRequest.newBuilder(test.uri("/"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("a=1")).build());
            assertEquals(415, response.statusCode());
        }
    }

    @Test
    void expectations_are_answered_before_the_body() throws Exception {
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().bodySize(10)))) {
            test.server.post("/", c -> c.end("ok"));
            if (!protocol.speaksRawHttp1()) {
                try (Http2Wire wire = test.h2()) {
                    wire.headers(1, post("/", "content-length", "11", "expect", "100-continue"), false);
                    assertEquals(413, wire.answer(1, Duration.ofSeconds(3)).status());
                    wire.headers(3, post("/", "content-length", "1", "expect", "something-else"), false);
                    assertEquals(417, wire.answer(3, Duration.ofSeconds(3)).status());
                    wire.headers(5, post("/", "content-length", "2", "expect", "100-continue"), false);
                    wire.data(5, "ok".getBytes(StandardCharsets.US_ASCII), true);
                    assertEquals(new Http2Wire.Answer(200, "ok", -1), wire.answer(5, Duration.ofSeconds(3)),
                            "a 100 first, then the answer, on the same connection");
                    wire.headers(7, post("/", "expect", "something-else"), true);
                    assertEquals(417, wire.answer(7, Duration.ofSeconds(3)).status(), "without a body too, as on HTTP/1.1");
                }
                return;
            }
            String tooBig = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(tooBig.startsWith("HTTP/1.1 413"), tooBig);
            String odd = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: something-else\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(odd.startsWith("HTTP/1.1 417"), odd);
            String bodiless = test.raw("POST / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n", Duration.ofSeconds(3));
            assertTrue(bodiless.startsWith("HTTP/1.1 417"), bodiless);
        }
    }

    @Test
    void a_body_that_stalls_gets_408_and_no_handler_waits_for_it() throws Exception {
        AtomicBoolean reached = new AtomicBoolean();
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().bodyTimeout(Duration.ofSeconds(1))))) {
            test.server.post("/", c -> {
                reached.set(true);
                c.end();
            });
            if (protocol.speaksRawHttp1()) {
                String answer = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it", Duration.ofSeconds(10));
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                assertFalse(reached.get());
            } else {
                try (Http2Wire wire = test.h2()) {
                    wire.headers(1, post("/", "content-length", "100"), false);
                    wire.data(1, "only part of it".getBytes(StandardCharsets.US_ASCII), false);
                    assertEquals(408, wire.answer(1, Duration.ofSeconds(10)).status());
                    assertFalse(reached.get());
                    wire.headers(3, post("/"), true);
                    assertEquals(200, wire.answer(3, Duration.ofSeconds(5)).status(), "the connection lives on");
                }
            }
        }
    }

    @Test
    void a_slowloris_head_is_cut_off_by_the_head_timeout() throws Exception {
        try (TestServer test = new TestServer(protocol, ServerOptions.defaults().limits(Limits.defaults().headTimeout(Duration.ofSeconds(1))))) {
            test.server.get("/", c -> c.end("never"));
            if (!protocol.speaksRawHttp1()) { // a header block begun and never ended holds no stream: the head timeout ends the connection
                try (Http2Wire wire = test.h2()) {
                    long start = System.nanoTime();
                    wire.frame(Http2Wire.HEADERS, 0, 1, Http2Wire.fields(":method", "GET", ":scheme", "https"));
                    Http2Wire.Frame last = wire.until(Http2Wire.GOAWAY, 0, Duration.ofSeconds(10));
                    long waited = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(last != null, "no GOAWAY");
                    assertTrue(waited < 5000, waited + " ms");
                }
                assertEquals("never", test.get("/").body(), "the server goes on");
                return;
            }
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", test.server.port())) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                long start = System.nanoTime();
                // drip the head a byte at a time for 0.8 s, then go quiet: the clock runs from the first byte,
                // and a client that stops writing before the server closes reads the 408 without a reset
                for (char c : "GET / HTTP".toCharArray()) {
                    out.write(c);
                    out.flush();
                    Thread.sleep(80);
                }
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                long waited = (System.nanoTime() - start) / 1_000_000;
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                assertTrue(waited < 5000, waited + " ms");
            }
            assertEquals("never", test.get("/").body(), "the server goes on");
        }
    }
}
