package io.simples.http;

import io.simples.core.ClusterCount;
import io.simples.core.internal.cluster.ClusterEndpoint;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.http.internal.EventFormat;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An event-stream route ({@link Router#events}) and its open {@link EventStream}s: what a server
 * broadcasts Server-Sent Events through, to every stream of the route or to those a filter picks,
 * on every server of the cluster when one is set ({@link ServerOptions#cluster}).
 *
 * <pre>{@code
 * EventHost clock = server.events("/clock", stream -> stream.retry(Duration.ofSeconds(2)));
 * clock.broadcast("tick", Map.of("now", Instant.now().toString()));
 * }</pre>
 *
 * An event is encoded once, whatever the number of streams and servers. Broadcasts never wait
 * for a slow client (see {@link EventStream}).
 */
public final class EventHost {

    private static final Predicate<EventStream> ALL = stream -> true;

    private final String location;
    private final EventListener listener;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, EventFilter> filters = new ConcurrentHashMap<>();
    private volatile Duration keepAlive = Duration.ofSeconds(15);
    private volatile ClusterMember member;
    private volatile String key;

    EventHost(String location, EventListener listener) {
        this.location = location;
        this.listener = listener;
    }

    /**
     * Where the route answers.
     *
     * @return its location, from the root of its virtual host
     */
    public String location() {
        return location;
    }

    /**
     * The streams of this route open on this server.
     *
     * @return a live, unmodifiable view
     */
    public Set<EventStream> streams() {
        return Collections.unmodifiableSet(streams);
    }

    /**
     * How often a quiet stream gets a comment, so that proxies and load balancers keep it.
     *
     * @return the period (15 s unless set); zero: never
     */
    public Duration keepAlive() {
        return keepAlive;
    }

    /**
     * Sets how often a stream gets a keep-alive comment, for the streams opened from now on.
     *
     * @param every the period; zero for never
     * @return this host, for chaining
     * @throws IllegalArgumentException when {@code every} is negative
     */
    public EventHost keepAlive(Duration every) {
        if (Objects.requireNonNull(every, "every").isNegative()) {
            throw new IllegalArgumentException("a keep-alive period cannot be negative (zero: never), got " + every);
        }
        keepAlive = every;
        return this;
    }

    /**
     * Sends an unnamed event ({@code message} to the client) to every open stream, on every server.
     *
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @return this host, for chaining
     */
    public EventHost broadcast(Object data) {
        return broadcast(null, data, ALL);
    }

    /**
     * Sends the event {@code event} to every open stream, on every server.
     *
     * @param event the event's name, or null for {@code message}
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @return this host, for chaining
     * @throws IllegalArgumentException when {@code event} holds a line break
     */
    public EventHost broadcast(String event, Object data) {
        return broadcast(event, data, ALL);
    }

    /**
     * Sends the event {@code event} to the open streams {@code filter} accepts. In a cluster the
     * filter must be an {@link EventFilter} of this host, which each server runs on its own streams.
     *
     * @param event the event's name, or null for {@code message}
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @param filter picks the streams; in a cluster, an {@code EventFilter} of this host
     * @return this host, for chaining
     * @throws IllegalArgumentException when {@code event} holds a line break; in a cluster, for a
     *         filter that is not an {@code EventFilter} of this host
     */
    public EventHost broadcast(String event, Object data, Predicate<EventStream> filter) {
        String filterName = filterName(filter);
        byte[] text = EventFormat.event(event, data, null);
        ClusterMember joined = member;
        if (joined != null && joined.clustered()) {
            joined.broadcast(key, null, filterName, false, text);
        }
        deliver(text, filter);
        return this;
    }

    /**
     * Registers {@code filter} under {@code name} (replacing one of that name): a filter every
     * server of a cluster runs on its own streams, because each registers it where it makes the route.
     *
     * @param name the name every server registers the filter under
     * @param filter the test, which decides from the stream alone
     * @return the filter to pass to broadcasts
     */
    public EventFilter filter(String name, Predicate<EventStream> filter) {
        EventFilter named = new EventFilter(this, name, filter);
        filters.put(name, named);
        return named;
    }

    /**
     * Counts the open streams of this route on every server of the cluster, waiting at most
     * {@code timeout} for the other servers; a count some server did not answer in time is
     * {@linkplain ClusterCount#partial() partial}.
     *
     * @param timeout how long to wait for the other servers
     * @return a future of the count
     */
    public CompletableFuture<ClusterCount> count(Duration timeout) {
        ClusterMember joined = member;
        if (joined == null) {
            return CompletableFuture.completedFuture(new ClusterCount(streams.size(), 1, 1));
        }
        return joined.count(key, null, streams.size(), timeout);
    }

    @Override
    public String toString() {
        return "EventHost[" + location + ", " + streams.size() + " open]";
    }

    // --- for the router and the streams ---

    /** Joins the server's cluster as {@code hostKey}: broadcasts and counts reach the same route on the other servers. */
    void join(ClusterMember joined, String hostKey) {
        key = hostKey;
        member = joined;
        joined.endpoint(hostKey, new Endpoint());
    }

    /** The route's listener: a new stream, opened unless the listener answered otherwise. */
    void open(HTTPConnection connection) throws Exception {
        if ("HEAD".equals(connection.method())) {
            connection.header("Content-Type", "text/event-stream").header("Cache-Control", "no-cache").end();
            return;
        }
        EventStream stream = new EventStream(this, connection);
        listener.open(stream);
        if (!connection.headSent()) {
            stream.open();
        }
    }

    void add(EventStream stream) {
        streams.add(stream);
    }

    void remove(EventStream stream) {
        streams.remove(stream);
    }

    /**
     * Sends the event {@code event} to every open stream of this route that belongs to the session
     * {@code sessionId} (a user's tabs), on every server of the cluster, from anywhere. At most once.
     *
     * @param sessionId the session's id ({@code connection.session().id()})
     * @param event the event's name, or null for {@code message}
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @param timeout how long to wait for the other servers' counts
     * @return a future of how many streams got it, on how many servers
     */
    public CompletableFuture<ClusterCount> toSession(String sessionId, String event, Object data, Duration timeout) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(timeout, "timeout");
        byte[] text = EventFormat.event(event, data, null);
        long local = deliver(text, ofSession(sessionId));
        ClusterMember joined = member;
        if (joined == null || !joined.clustered()) {
            return CompletableFuture.completedFuture(new ClusterCount(local, 1, 1));
        }
        return joined.toSession(key, sessionId, false, text, local, timeout);
    }

    private long deliver(byte[] text, Predicate<EventStream> filter) {
        long delivered = 0;
        for (EventStream stream : streams) {
            if (filter.test(stream)) {
                stream.broadcast(text);
                delivered++;
            }
        }
        return delivered;
    }

    private static Predicate<EventStream> ofSession(String sessionId) {
        return stream -> stream.connection().hasSession() && sessionId.equals(stream.connection().session().id());
    }

    /** The name another server knows {@code filter} by: null for every stream, or when alone. */
    private String filterName(Predicate<EventStream> filter) {
        Objects.requireNonNull(filter, "filter");
        ClusterMember joined = member;
        if (filter == ALL || joined == null || !joined.clustered()) {
            return null;
        }
        if (filter instanceof EventFilter named && named.host() == this) {
            return named.name();
        }
        throw new IllegalArgumentException("in a cluster, a filter runs on every server, and a lambda cannot "
                + "travel: register it on every server with events.filter(name, predicate) and pass that EventFilter");
    }

    /** What this route does for the other servers of its cluster. */
    private final class Endpoint implements ClusterEndpoint {

        @Override
        public void broadcast(String channel, String filter, boolean binary, byte[] payload) {
            Predicate<EventStream> chosen = filter == null ? ALL : filters.get(filter);
            if (chosen != null) { // a filter this server never registered picks none of its streams
                deliver(payload, chosen);
            }
        }

        @Override
        public void bind(String channel, String filter) {
            // an event-stream route has no channels
        }

        @Override
        public void closeChannel(String channel) {
            // an event-stream route has no channels
        }

        @Override
        public long count(String channel) {
            return channel == null ? streams.size() : 0;
        }

        @Override
        public long toSession(String session, boolean binary, byte[] payload) {
            return deliver(payload, ofSession(session));
        }
    }
}
