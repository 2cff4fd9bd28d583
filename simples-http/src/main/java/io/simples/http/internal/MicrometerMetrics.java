package io.simples.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.Rejection;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.session.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request path's metrics on a Micrometer registry, named as Micrometer's HTTP server
 * conventions have them: {@code http.server.requests} (a timer tagged {@code method}, {@code uri}
 * as the route's location, {@code status}, {@code outcome}, {@code exception}, {@code protocol}),
 * the bodies' bytes ({@code http.server.requests.body}, a summary tagged {@code direction}), the
 * WebSockets of each endpoint ({@code simples.websocket.connections}, {@code .messages},
 * {@code .bytes}, {@code .closes}) and the session stores' operations ({@code simples.session.store}).
 *
 * <p>Bounded by construction: every tag value comes from a closed set (methods outside the
 * routable ones are {@code UNKNOWN}, a path without a route is one of four names, close codes of
 * the application's own range are {@code 3xxx} and {@code 4xxx}), so hostile paths add no meter.
 * Each meter is looked up once and kept, by the few values that make it.
 */
public final class MicrometerMetrics implements Metrics {

    private final MeterRegistry registry;
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final DistributionSummary bodiesIn;
    private final DistributionSummary bodiesOut;
    private final Map<String, WebSocketMeters> webSockets = new ConcurrentHashMap<>();
    private final Map<Store, Store> stores = new ConcurrentHashMap<>(); // by the store's equals: identity for the provided ones

    /** What one {@code http.server.requests} timer is made of. */
    private record RequestKey(String method, String uri, int status, String exception, String protocol) {
    }

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bodiesIn = DistributionSummary.builder("http.server.requests.body").baseUnit("bytes")
                .description("Request bodies as they came").tag("direction", "in").register(registry);
        this.bodiesOut = DistributionSummary.builder("http.server.requests.body").baseUnit("bytes")
                .description("Response bodies as they were sent").tag("direction", "out").register(registry);
    }

    /**
     * Registers what is read rather than counted: the cluster bus of {@code member} (its messages
     * by event, the servers heard of) and the requests refused before routing, by status, which
     * {@link Rejection} counts for the whole process.
     */
    public void bind(ClusterMember member) {
        for (String event : List.of("published", "received", "malformed", "dropped")) {
            FunctionCounter.builder("simples.cluster.messages", member, joined -> switch (event) {
                case "published" -> joined.stats().published();
                case "received" -> joined.stats().received();
                case "malformed" -> joined.stats().malformed();
                default -> joined.stats().dropped();
            }).description("Messages of the cluster bus").tag("event", event).register(registry);
        }
        Gauge.builder("simples.cluster.servers", member, ClusterMember::servers)
                .description("Servers of the cluster heard of lately, this one included").register(registry);
        for (int status : Rejection.BEFORE_ROUTING) {
            FunctionCounter.builder("simples.http.rejected", Rejection.class, kind -> Rejection.answered(status))
                    .description("Requests refused before routing (malformed, too large, too slow), in this process")
                    .tag("status", Integer.toString(status)).register(registry);
        }
    }

    @Override
    public void exchange(String method, String uri, int status, Throwable failure, String version, long nanos,
                         long bytesIn, long bytesOut) {
        String exception = failure == null ? "none" : failure.getClass().getSimpleName();
        RequestKey key = new RequestKey(method, uri, status, exception, version);
        Timer timer = requests.get(key);
        if (timer == null) {
            timer = requests.computeIfAbsent(key, this::requestTimer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        bodiesIn.record(bytesIn);
        bodiesOut.record(bytesOut);
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("http.server.requests").description("HTTP exchanges, from the request head to the end of the response")
                .tags(Tags.of("method", key.method(), "uri", key.uri(), "status", Integer.toString(key.status()),
                        "outcome", outcome(key.status()), "exception", key.exception(), "protocol", key.protocol()))
                .register(registry);
    }

    private static String outcome(int status) {
        return status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION"
                : status < 500 ? "CLIENT_ERROR" : status < 600 ? "SERVER_ERROR" : "UNKNOWN";
    }

    @Override
    public WebSocketMeters webSocket(String location) {
        return webSockets.computeIfAbsent(location == null ? "UNKNOWN" : location, Endpoint::new);
    }

    @Override
    public Store store(Store store) {
        Store metered = stores.get(store);
        return metered != null ? metered : stores.computeIfAbsent(store, raw -> new MeteredStore(raw, registry));
    }

    /** The meters of one WebSocket endpoint. */
    private final class Endpoint implements WebSocketMeters {
        private final String location;
        private final AtomicLong open = new AtomicLong();
        private final Counter messagesIn;
        private final Counter messagesOut;
        private final Counter bytesIn;
        private final Counter bytesOut;
        private final Map<String, Counter> closes = new ConcurrentHashMap<>();
        private final DistributionSummary broadcasts;

        Endpoint(String location) {
            this.location = location;
            registry.gauge("simples.websocket.connections", Tags.of("endpoint", location), open);
            this.messagesIn = counter("simples.websocket.messages", "in", "messages");
            this.messagesOut = counter("simples.websocket.messages", "out", "messages");
            this.bytesIn = counter("simples.websocket.bytes", "in", "bytes");
            this.bytesOut = counter("simples.websocket.bytes", "out", "bytes");
            this.broadcasts = DistributionSummary.builder("simples.websocket.broadcasts").baseUnit("connections")
                    .description("Broadcasts, by the connections each went to").tag("endpoint", location).register(registry);
        }

        @Override
        public void broadcast(int recipients) {
            broadcasts.record(recipients);
        }

        private Counter counter(String name, String direction, String unit) {
            return Counter.builder(name).baseUnit(unit).tags("endpoint", location, "direction", direction).register(registry);
        }

        @Override
        public void opened() {
            open.incrementAndGet();
        }

        @Override
        public void received(int bytes) {
            messagesIn.increment();
            bytesIn.increment(bytes);
        }

        @Override
        public void sent(int bytes) {
            messagesOut.increment();
            bytesOut.increment(bytes);
        }

        @Override
        public void closed(int code, String by) {
            String codeTag = code >= 4000 && code <= 4999 ? "4xxx" : code >= 3000 && code <= 3999 ? "3xxx"
                    : code >= 1000 && code <= 1015 ? Integer.toString(code) : "other";
            String key = codeTag + "/" + by;
            closes.computeIfAbsent(key, k -> Counter.builder("simples.websocket.closes")
                    .tags("endpoint", location, "code", codeTag, "by", by == null ? "unknown" : by).register(registry))
                    .increment();
            open.decrementAndGet(); // last: once a connection no longer counts as open, its close is counted
        }
    }
}
