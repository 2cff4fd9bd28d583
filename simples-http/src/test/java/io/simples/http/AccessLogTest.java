package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simples.core.LoggerOptions;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Protocol.class)
@Timeout(60)
class AccessLogTest {

    @Parameter
    Protocol protocol;

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    String nextLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        assertTrue(line != null, "no log line came");
        return line;
    }

    @Test
    void tokens_are_replaced_and_custom_tokens_are_functions_of_the_connection() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.logger(LoggerOptions.defaults().enabled(true).sink(lines::add)
                    .format("%method %path %status %type %lang %req[User-Agent] %res[X-Out] %protocol %hostname %ip"
                            + " %user %unknown 100%")
                    .token("user", c -> c.query().getOrDefault("user", "anonymous")));
            test.server.get("/hello", c -> c.status(202).type("txt").lang("en").header("X-Out", "out").end("hi"));
            test.send(HttpRequest.newBuilder(test.uri("/hello?user=ada")).header("User-Agent", "tester").build());
            assertEquals("GET /hello 202 text/plain;charset=utf-8 en tester out " + protocol.scheme + " 127.0.0.1 127.0.0.1 ada %unknown 100%",
                    nextLine());
        }
    }

    @Test
    void the_default_format_and_the_time_tokens() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.logger(LoggerOptions.defaults().enabled(true).sink(lines::add));
            test.server.get("/", c -> c.end());
            test.get("/?q=1");
            String line = nextLine();
            assertTrue(line.matches("\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d GET " + protocol.scheme + "://127\\.0\\.0\\.1:\\d+/\\?q=1 200"), line);

            test.server.logger(LoggerOptions.defaults().enabled(true).sink(lines::add)
                    .format("%year-%month-%day %hour:%minute:%second %short-time %timestamp %date"));
            test.get("/");
            assertTrue(nextLine().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\d\\d:\\d\\d \\d{13} \\d{4}-.*"));
        }
    }

    @Test
    void the_logger_option_is_inherited_and_overridden_by_child_routers() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.logger(LoggerOptions.defaults().enabled(true).format("root %path").sink(lines::add));
            Router inherits = test.server.router("inherits");
            Router quiet = test.server.router("quiet");
            Router own = test.server.router("own");
            quiet.logger(LoggerOptions.defaults().enabled(false));
            own.logger(LoggerOptions.defaults().enabled(true).format("own %path").sink(lines::add));
            for (Router router : List.of(test.server, inherits, quiet, own)) {
                router.get("/x", c -> c.end());
            }
            test.get("/inherits/x");
            assertEquals("root /inherits/x", nextLine());
            test.get("/quiet/x");
            test.get("/own/x");
            assertEquals("own /own/x", nextLine(), "nothing was logged for /quiet");
            test.get("/x");
            assertEquals("root /x", nextLine());
            test.server.logger(LoggerOptions.defaults().enabled(c -> false).sink(lines::add));
        }
    }

    @Test
    void the_json_format_is_one_object_per_line_with_the_route_template_bytes_and_duration() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.logger(LoggerOptions.defaults().enabled(true).format(LoggerOptions.JSON_FORMAT).sink(lines::add));
            test.server.get("/users/:id", c -> c.end("hello"));
            long before = System.currentTimeMillis();
            test.send(HttpRequest.newBuilder(test.uri("/users/42")).header("User-Agent", "tester \"quoted\"")
                    .header("X-Request-Id", "json-1").build());
            JsonNode line = JsonMapper.shared().readTree(nextLine());
            assertEquals(List.of("time", "id", "protocol", "version", "method", "route", "path", "status", "bytes",
                    "duration_us", "remote", "user_agent"), List.copyOf(line.propertyNames()));
            Instant time = Instant.parse(line.get("time").asString());
            assertTrue(!time.isBefore(Instant.ofEpochMilli(before - 1000)) && !time.isAfter(Instant.now()), time.toString());
            assertEquals("json-1", line.get("id").asString());
            assertEquals(protocol.scheme, line.get("protocol").asString());
            assertEquals(protocol == Protocol.HTTP_2 ? "HTTP/2" : "HTTP/1.1", line.get("version").asString());
            assertEquals("GET", line.get("method").asString());
            assertEquals("/users/:id", line.get("route").asString());
            assertEquals("/users/42", line.get("path").asString());
            assertEquals(200, line.get("status").asInt());
            assertEquals(5, line.get("bytes").asLong());
            assertTrue(line.get("duration_us").isIntegralNumber() && line.get("duration_us").asLong() >= 0, line.toString());
            assertEquals("127.0.0.1", line.get("remote").asString());
            assertEquals("tester \"quoted\"", line.get("user_agent").asString());

            test.get("/missing%22%5C");
            JsonNode missing = JsonMapper.shared().readTree(nextLine());
            assertTrue(missing.get("route").isNull(), "no route answered: " + missing);
            assertEquals("/missing\"\\", missing.get("path").asString());
            assertEquals(404, missing.get("status").asInt());
            assertTrue(missing.get("bytes").asLong() > 0, "the 404's body: " + missing);
        }
    }

    @Test
    void a_connection_logs_on_demand() throws Exception {
        try (TestServer test = new TestServer(protocol)) {
            test.server.get("/", c -> {
                c.log(LoggerOptions.defaults().format("manual %method").sink(lines::add));
                c.end();
            });
            test.get("/");
            assertEquals("manual GET", nextLine());
        }
    }

    @Test
    void the_timeout_option_closes_idle_connections_and_is_inherited() {
        assumeTrue(protocol.speaksRawHttp1(), "an HTTP/1.1 connection's timeout; HTTP/2's idle GOAWAY is Http2ConnectionTest's");
        try (TestServer test = new TestServer(protocol)) {
            Router slow = test.server.router("slow");
            test.server.timeout(TimeoutOptions.of(Duration.ofMillis(300)));
            slow.timeout(TimeoutOptions.defaults());
            test.server.get("/", c -> c.end("a"));
            slow.get("/", c -> c.end("b"));
            long start = System.nanoTime();
            String answer = test.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(10));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(answer.endsWith("a"), answer);
            assertTrue(waited < 5000, "closed by the timeout, not by the client: " + waited + " ms");
            long keptFrom = System.nanoTime();
            String kept = test.raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(2));
            long keptFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - keptFrom);
            assertTrue(kept.endsWith("b"), kept);
            assertTrue(keptFor >= 1900, "the child turned the timeout off, so only the client's 2 s read timeout"
                    + " may end the connection; it ended after " + keptFor + " ms");
        }
    }
}
