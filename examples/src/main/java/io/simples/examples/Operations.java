package io.simples.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.simples.core.LoggerOptions;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.Simples;
import io.simples.ws.WSOptions;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application watched as production watches it: Prometheus metrics at {@code /metrics}
 * (Micrometer's Prometheus registry, this example's own dependency), liveness and readiness at
 * {@code /health}, a drain before a stop, access-log lines as JSON, and the request id in every
 * line a listener logs (the Logback pattern of {@code examples/src/main/resources/logback.xml}
 * shows {@code %X{requestId}}).
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.Operations},
 * then {@code curl -i localhost:8080/users/7}, {@code curl localhost:8080/health} and
 * {@code curl localhost:8080/metrics}.
 */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private Operations() {
    }

    public static void main(String[] args) {
        // a load balancer probing /health every 2 s and giving up after 2 failures: 5 s of drain is enough
        Server server = start(ServerOptions.defaults().port(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")))
                .drain(Duration.ofSeconds(5)));
        System.out.println("Listening on http://localhost:" + server.port() + "/ (metrics at /metrics, health at /health)");
    }

    /** Starts the application as {@code options} say. */
    public static Server start(ServerOptions options) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Server server = Simples.server(options);
        server.metrics(registry);
        server.health("/health");
        server.logger(LoggerOptions.defaults().enabled(true).format(LoggerOptions.JSON_FORMAT));

        server.get("/metrics", c -> c.type("text/plain; version=0.0.4").end(registry.scrape()));
        server.get("/users/:id", c -> {
            LOG.info("looking up user {}", c.params().get("id")); // carries the request id (MDC)
            c.send(Map.of("id", c.params().get("id"), "request", c.id()));
        });
        server.ws("echo", WSOptions.defaults(), connection -> connection.onMessage(message -> connection.send(message.text())));
        return server;
    }
}
