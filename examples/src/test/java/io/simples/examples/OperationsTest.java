package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.session.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Operations example as a Prometheus server and a load balancer see it: its {@code /metrics}
 * parsed as the text exposition format (every sample line {@code name{labels} value}), the route
 * counted under its template, readiness and the request id echoed.
 */
@Timeout(30)
class OperationsTest {

    /** One sample line: a name, its labels, a value. */
    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static java.util.List<Sample> parse(String exposition) {
        java.util.List<Sample> samples = new java.util.ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: " + line);
            Map<String, String> labels = new HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                assertEquals(sample.group(3).length(), end, "labels not all read: " + line);
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    @Test
    void metrics_are_scraped_in_the_prometheus_text_format_with_the_route_template() throws Exception {
        Server server = Operations.start(ServerOptions.defaults().port(0));
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> user = client.send(HttpRequest.newBuilder(URI.create(base + "/users/7"))
                    .header("X-Request-Id", "ops-1").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("ops-1", user.headers().firstValue("x-request-id").orElse(""));
            assertEquals("ops-1", JsonMapper.shared().readTree(user.body()).get("request").asString());
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            java.util.List<Sample>[] scraped = new java.util.List[1];
            Await.until("the /users/:id request in a scrape", Duration.ofSeconds(10), () -> {
                try {
                    HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
                    scraped[0] = parse(metrics.body());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return scraped[0].stream().anyMatch(s -> s.name().equals("http_server_requests_seconds_count")
                        && "/users/:id".equals(s.labels().get("uri")));
            });
            Sample users = scraped[0].stream().filter(s -> s.name().equals("http_server_requests_seconds_count")
                    && "/users/:id".equals(s.labels().get("uri"))).findFirst().orElseThrow();
            assertEquals(1.0, users.value());
            assertEquals(Map.of("method", "GET", "uri", "/users/:id", "status", "200", "outcome", "SUCCESS",
                    "exception", "none", "protocol", "HTTP/1.1"), users.labels());
            assertTrue(scraped[0].stream().anyMatch(s -> s.name().equals("simples_connections_open")
                    && "server".equals(s.labels().get("listener")) && s.value() >= 1), "the scrape's own connection is open");
            assertTrue(scraped[0].stream().noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("/users/7"))),
                    "no path in a label");
        } finally {
            server.stop();
        }
    }
}
