package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.ClientResponse;
import io.simples.http.ServerOptions;
import io.simples.session.Await;
import io.simples.test.SimplesExtension;
import io.simples.test.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final SimplesExtension operations = SimplesExtension.of(() -> Operations.start(ServerOptions.defaults().port(0)));

    @Test
    void metrics_are_scraped_in_the_prometheus_text_format_with_the_route_template(TestApp app) {
        ClientResponse user = await(app.get("/users/7").header("X-Request-Id", "ops-1").send());
        assertEquals("ops-1", user.header("x-request-id"));
        assertEquals("ops-1", JsonMapper.shared().readTree(user.text()).get("request").asString());
        assertEquals(200, await(app.get("/health").send()).status());

        java.util.List<Sample>[] scraped = new java.util.List[1];
        Await.until("the /users/:id request in a scrape", Duration.ofSeconds(10), () -> {
            ClientResponse metrics = await(app.get("/metrics").send());
            assertTrue(metrics.header("content-type").startsWith("text/plain; version=0.0.4"));
            scraped[0] = parse(metrics.text());
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
    }
}
