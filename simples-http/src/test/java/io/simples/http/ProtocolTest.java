package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What raw clients send that polite ones will not: oversized, malformed and pipelined requests. */
@Timeout(60)
class ProtocolTest {

    static final Duration QUIET = Duration.ofSeconds(3);

    static TestServer echo() {
        return echo(ServerOptions.defaults());
    }

    /** Answers {@code GET /path?sleep=ms} with "path /path", after sleeping that long. */
    static TestServer echo(ServerOptions options) {
        TestServer test = new TestServer(options);
        test.server.get("/*", c -> {
            String delay = c.query().get("sleep");
            if (delay != null) {
                Thread.sleep(Long.parseLong(delay));
            }
            c.end("path " + c.path());
        });
        return test;
    }

    @Test
    void an_oversized_request_line_gets_414_and_the_server_goes_on() {
        try (TestServer test = echo()) {
            String answer = test.raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", QUIET);
            assertTrue(answer.startsWith("HTTP/1.1 414 URI Too Long"), answer);
            assertTrue(answer.contains("connection: close"), answer);
            assertEquals("path /fine", test.get("/fine").body());
        }
    }

    @Test
    void oversized_headers_get_431() {
        try (TestServer test = echo()) {
            String answer = test.raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n", QUIET);
            assertTrue(answer.startsWith("HTTP/1.1 431 Request Header Fields Too Large"), answer);
            assertEquals("path /fine", test.get("/fine").body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no version | GET /\\r\\n\\r\\n",
            "bad header line | GET / HTTP/1.1\\r\\nHost x\\r\\nno colon here\\r\\n\\r\\n",
            "bad content length | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: banana\\r\\n\\r\\n",
            "two content lengths | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab",
            "bad chunk size | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n"})
    void malformed_requests_get_400_and_a_closed_connection(String name, String request) {
        try (TestServer test = echo()) {
            String answer = test.raw(request.replace("\\r\\n", "\r\n"), QUIET);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), name + ": " + answer);
            assertTrue(answer.contains("connection: close"), answer);
            assertEquals("path /fine", test.get("/fine").body());
        }
    }

    @Test
    void a_body_past_the_limit_gets_413() {
        try (TestServer test = new TestServer(ServerOptions.defaults().limits(Limits.defaults().bodySize(100)))) {
            test.server.post("/", c -> c.end("got " + c.body().length()));
            String ok = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n"
                    + "x".repeat(100), QUIET);
            assertTrue(ok.endsWith("got 100"), ok);
            String tooBig = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + "x".repeat(101), QUIET);
            assertTrue(tooBig.startsWith("HTTP/1.1 413"), tooBig);
        }
    }

    @Test
    void pipelined_requests_are_answered_in_order() {
        try (TestServer test = echo()) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                // the early ones are the slow ones: answers must still come in request order
                requests.append("GET /r").append(i).append("?sleep=").append((10 - i) * 20)
                        .append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            requests.append("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String answer = test.raw(requests.toString(), Duration.ofSeconds(10));
            Matcher bodies = Pattern.compile("path (/(?:r\\d|last))").matcher(answer);
            StringBuilder order = new StringBuilder();
            while (bodies.find()) {
                order.append(bodies.group(1)).append(' ');
            }
            assertEquals("/r0 /r1 /r2 /r3 /r4 /r5 /r6 /r7 /r8 /r9 /last ", order.toString());
        }
    }

    @Test
    void keep_alive_reuses_the_connection_and_http_1_0_closes_it() {
        try (TestServer test = echo()) {
            String two = test.raw("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(1));
            assertTrue(two.contains("path /a") && two.contains("path /b"), two);
            assertTrue(!two.contains("connection: close"), two);

            String old = test.raw("GET /old HTTP/1.0\r\n\r\n", QUIET);
            assertTrue(old.contains("connection: close") && old.endsWith("path /old"), old);
            String oldKeepAlive = test.raw("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", Duration.ofSeconds(1));
            assertTrue(oldKeepAlive.contains("connection: keep-alive"), oldKeepAlive);
        }
    }

    @Test
    void expect_100_continue_is_answered_before_the_body() {
        try (TestServer test = new TestServer()) {
            test.server.post("/", c -> c.end("got " + c.body().text()));
            String answer = test.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n", QUIET);
            assertTrue(answer.startsWith("HTTP/1.1 100 Continue"), answer);
        }
    }
}
