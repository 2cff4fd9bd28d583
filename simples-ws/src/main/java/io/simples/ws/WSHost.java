package io.simples.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.simples.core.ClusterCount;
import io.simples.core.internal.Metrics;
import io.simples.core.internal.OriginPolicy;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.session.Session;
import io.simples.ws.internal.WebSocketAccess;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket endpoint: its options, the listener every new connection goes through, its open
 * connections and its named {@link WSChannel channels}. Made by {@code router.ws(location,
 * options, listener)}, which routes upgrade requests here after the router's middlewares.
 *
 * <pre>{@code
 * WSHost chat = server.ws("chat", WSOptions.defaults().advanced(true), connection ->
 *         connection.on("say", text -> connection.endpoint().broadcast("said", text)));
 * }</pre>
 */
public final class WSHost {

    private static final Logger LOG = LoggerFactory.getLogger(WSHost.class);
    /** The filter of broadcasts to everybody. */
    static final Predicate<WSConnection> ALL = connection -> true;

    private final String location;
    private final WSOptions options;
    /** What a handshake adds to a connection's pipeline, and how its frames are decoded. */
    private final WSPipeline pipeline;
    private final WSListener listener;
    private final OriginPolicy origins;
    private final Set<WSConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, WSChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, WSFilter> filters = new ConcurrentHashMap<>();
    private final WSCluster cluster = new WSCluster(this);
    private volatile Presence presence;
    private volatile Recovery recovery;
    private volatile Metrics.WebSocketMeters meters = Metrics.WebSocketMeters.NONE;

    /**
     * For {@code Router.ws}: applications get hosts from there.
     *
     * @param location the endpoint's location, which may hold {@code :name} parameters
     * @param options how the endpoint behaves
     * @param listener what every new connection goes through
     */
    public WSHost(String location, WSOptions options, WSListener listener) {
        this.location = Objects.requireNonNull(location, "location");
        this.options = Objects.requireNonNull(options, "options");
        this.pipeline = new WSPipeline(this, options);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.origins = new OriginPolicy(options.origins());
    }

    /**
     * The location of the endpoint.
     *
     * @return the location as given when the host was made
     */
    public String location() {
        return location;
    }

    /**
     * How the endpoint behaves.
     *
     * @return the options given when the host was made
     */
    public WSOptions options() {
        return options;
    }

    /**
     * The open connections, as a read-only view. A connection joins once its open listener has
     * returned, so that broadcasts and filters see what that listener set up ({@code data()},
     * channels), and leaves when it starts closing.
     *
     * @return a live view of this server's open connections
     */
    public Set<WSConnection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    /**
     * Sends {@code data} to every open connection (JSON unless text or bytes), on every server of the cluster.
     *
     * @param data the message
     * @return this host, for chaining
     */
    public WSHost broadcast(Object data) {
        return broadcast(null, data, ALL);
    }

    /**
     * Sends {@code data} to the open connections that {@code filter} accepts. In a cluster the
     * filter must be a {@link WSFilter} of this host, which each server runs on its own connections.
     *
     * @param data the message (JSON unless text or bytes)
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of this host
     * @return this host, for chaining
     * @throws IllegalArgumentException in a cluster, for a filter that is not a {@code WSFilter} of this host
     */
    public WSHost broadcast(Object data, Predicate<WSConnection> filter) {
        return broadcast(null, data, filter);
    }

    /**
     * Sends the text {@code text} to the open connections that {@code filter} accepts (the same as
     * {@link #broadcast(Object, Predicate)}, which a text and a filter would otherwise leave the
     * compiler unable to choose from {@link #broadcast(String, Object)}).
     *
     * @param text the message
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of this host
     * @return this host, for chaining
     */
    public WSHost broadcast(String text, Predicate<WSConnection> filter) {
        return broadcast(null, text, filter);
    }

    /**
     * Sends the event {@code event} with {@code data} to every open connection, on every server of the cluster.
     *
     * @param event the event's name
     * @param data the event's data, encoded as JSON
     * @return this host, for chaining
     */
    public WSHost broadcast(String event, Object data) {
        return broadcast(event, data, ALL);
    }

    /**
     * Sends the event {@code event} with {@code data} to the open connections that {@code filter}
     * accepts (in a cluster, see {@link #broadcast(Object, Predicate)}).
     *
     * @param event the event's name, or {@code null} to send {@code data} as a plain message
     * @param data the event's data, encoded as JSON
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of this host
     * @return this host, for chaining
     */
    public WSHost broadcast(String event, Object data, Predicate<WSConnection> filter) {
        send(null, connections, event, data, filter);
        return this;
    }

    /**
     * Registers {@code filter} under {@code name} (replacing one of that name): a filter that every
     * server of a cluster runs on its own connections, because each registers it. Register it where
     * the host is made, on every server.
     *
     * @param name the name every server registers the filter under
     * @param filter the test, which decides from the connection alone
     * @return the filter to pass to broadcasts and {@link #channel(String, Predicate)}
     */
    public WSFilter filter(String name, Predicate<WSConnection> filter) {
        WSFilter named = new WSFilter(this, Objects.requireNonNull(name, "name"), filter);
        filters.put(name, named);
        return named;
    }

    /**
     * The channel {@code name}, made on first use.
     *
     * @param name the channel's name
     * @return the channel, the same object until it is closed
     */
    public WSChannel channel(String name) {
        return channels.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new WSChannel(n, this));
    }

    /**
     * The channel {@code name}, with every open connection that {@code filter} accepts bound to it
     * (on every server of the cluster, where it must be a {@link WSFilter} of this host).
     *
     * @param name the channel's name
     * @param filter picks the connections to bind
     * @return the channel
     * @throws IllegalArgumentException in a cluster, for a filter that is not a {@code WSFilter} of this host
     */
    public WSChannel channel(String name, Predicate<WSConnection> filter) {
        String filterName = filterName(filter);
        WSChannel channel = bindLocally(name, filter);
        if (filterName != null) {
            cluster.member().bind(cluster.key(), name, filterName);
        }
        return channel;
    }

    /**
     * Counts the open connections of this host on every server of the cluster (see
     * {@link #connections()} for this server's), waiting at most {@code timeout} for the others'
     * answers; a count some server did not answer in time is {@linkplain ClusterCount#partial() partial}.
     *
     * @param timeout how long to wait for the other servers
     * @return a future of the count
     */
    public CompletableFuture<ClusterCount> count(Duration timeout) {
        return cluster.count(null, connections.size(), timeout);
    }

    /**
     * Sends the event {@code event} with {@code data} to every open connection of this host that
     * belongs to the session {@code sessionId} (a user's tabs and devices), on every server of the
     * cluster, from anywhere: an HTTP listener, a WebSocket listener, a background task. At most
     * once: a connection that is not open at that moment does not get it.
     *
     * With {@link #recovery}, an event is kept, and a connection of the session that reconnects
     * within the time kept gets it then.
     *
     * @param sessionId the session's id ({@code connection.session().id()})
     * @param event the event's name, or {@code null} to send {@code data} as a plain message
     * @param data the data (JSON unless text or bytes)
     * @param timeout how long to wait for the other servers' counts
     * @return a future of how many connections got it, on how many servers
     */
    public CompletableFuture<ClusterCount> toSession(String sessionId, String event, Object data, Duration timeout) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(timeout, "timeout");
        Recovery kept = recovery;
        if (kept != null && event != null) {
            return kept.send(null, sessionId, event, data, timeout);
        }
        WebSocketFrame frame = Broadcast.frame(event, data);
        boolean binary = frame instanceof BinaryWebSocketFrame;
        byte[] payload = cluster.clustered() ? ByteBufUtil.getBytes(frame.content()) : null;
        int local = Broadcast.send(connections, frame, ofSession(sessionId));
        if (payload == null) {
            return CompletableFuture.completedFuture(new ClusterCount(local, 1, 1));
        }
        return cluster.member().toSession(cluster.key(), sessionId, binary, payload, local, timeout);
    }

    /** Another server's {@link #toSession}: this server's connections of that session get it; how many. */
    long receivedForSession(String sessionId, boolean binary, byte[] payload) {
        return Broadcast.send(connections, Broadcast.frame(binary, payload), ofSession(sessionId));
    }

    private static Predicate<WSConnection> ofSession(String sessionId) {
        return connection -> connection.hasSession() && sessionId.equals(connection.session().id());
    }

    /**
     * Keeps presence on this host's channels (see {@link WSChannel#members()}), with the default
     * grace period of 5 s. Call it where the host is made, on every server of the cluster.
     *
     * @param fields what a member shows of its session (its name, say), read when the session first
     *               joins a channel; never its id
     * @return this host, for chaining
     */
    public WSHost presence(Function<Session, Map<String, Object>> fields) {
        return presence(fields, Duration.ofSeconds(5));
    }

    /**
     * Keeps presence on this host's channels, counted by session on every server of the cluster: a
     * user with several tabs on several servers is one member. A session leaves a channel when its
     * last connection there has been gone for {@code grace} (so that a page that reloads, even
     * onto another server, does not leave and join again); a server that dies takes its members
     * along once the cluster forgets it (a few seconds).
     *
     * @param fields what a member shows of its session, read when the session first joins a channel
     *               on a server; never its id
     * @param grace how long a session stays after its last connection in a channel is gone
     * @return this host, for chaining
     * @throws IllegalStateException when presence is kept already
     */
    public synchronized WSHost presence(Function<Session, Map<String, Object>> fields, Duration grace) {
        Objects.requireNonNull(fields, "fields");
        if (Objects.requireNonNull(grace, "grace").isNegative()) {
            throw new IllegalArgumentException("a grace period cannot be negative, got " + grace);
        }
        if (presence != null) {
            throw new IllegalStateException("presence is kept already on " + this);
        }
        Presence kept = new Presence(this, fields, grace);
        ClusterMember member = cluster.member();
        if (member != null) {
            kept.joined(member);
        }
        presence = kept;
        return this;
    }

    /**
     * Keeps the events sent to a session ({@link #toSession}) and to a channel
     * ({@link WSChannel#broadcast(String, Object)}, without a filter) for 2 minutes, 1 000 per
     * stream, so that a client that reconnects gets what it missed (see {@link #recovery(Duration, int)}).
     *
     * @return this host, for chaining
     */
    public WSHost recovery() {
        return recovery(Duration.ofMinutes(2), 1_000);
    }

    /**
     * Keeps the events sent to a session and to a channel for {@code keep}, {@code count} at most per
     * session and per channel, where the cluster keeps its things (Redis Streams for
     * {@code Cluster.redis}; this process otherwise), so that a client that reconnects — to any server
     * of the cluster — gets what it missed, in order, once, before anything newer: {@code simples.js}
     * and {@code ClientConnection} ask for it by themselves. Each such event reaches its connections
     * with its position ({@code "seq"}); a client that was away too long is told (the event
     * {@code simples:resumed} says {@code "recovered": false}). Broadcasts to the whole host, filtered
     * broadcasts, plain messages and what a connection sends itself stay at most once. A session
     * that is destroyed replays nothing. Call it where the host is made, on every server.
     *
     * @param keep how long a message is kept
     * @param count how many messages a session's stream, and a channel's, keeps at most
     * @return this host, for chaining
     * @throws IllegalStateException when the host is not in advanced mode, or keeps messages already
     * @throws IllegalArgumentException when {@code keep} is not positive or {@code count} is not
     */
    public synchronized WSHost recovery(Duration keep, int count) {
        if (Objects.requireNonNull(keep, "keep").isNegative() || keep.isZero() || count < 1) {
            throw new IllegalArgumentException("recovery keeps messages for a positive time and count, got " + keep + " and " + count);
        }
        if (!options.advanced()) {
            throw new IllegalStateException("recovery needs advanced mode (its messages carry their position): " + this);
        }
        if (recovery != null) {
            throw new IllegalStateException("recovery is kept already on " + this);
        }
        recovery = new Recovery(this, keep, count);
        return this;
    }

    /** The recovery kept on this host, or null. */
    Recovery recoveryKept() {
        return recovery;
    }

    /** The presence kept on this host's channels, or null. */
    Presence presenceKept() {
        return presence;
    }

    /** A member joined or left {@code channel} (on any server): the channel's listeners here hear it. */
    void presenceChanged(String channel, Map<String, Object> fields, boolean joined) {
        WSChannel existing = existingChannel(channel);
        if (existing != null) {
            existing.membershipChanged(fields, joined);
        }
    }

    /** The frame encoded once for this server's recipients and the others'. */
    void send(String channelName, Collection<WSConnection> recipients, String event, Object data,
              Predicate<WSConnection> filter) {
        Recovery kept = recovery;
        if (kept != null && channelName != null && event != null && filter == ALL) {
            kept.send(channelName, null, event, data, null);
            return;
        }
        String filterName = filterName(filter);
        WebSocketFrame frame = Broadcast.frame(event, data);
        if (cluster.clustered()) {
            cluster.member().broadcast(cluster.key(), channelName, filterName, frame instanceof BinaryWebSocketFrame,
                    ByteBufUtil.getBytes(frame.content()));
        }
        meters.broadcast(Broadcast.send(recipients, frame, filter));
    }

    /**
     * The name another server knows {@code filter} by: null for everybody or when alone.
     *
     * @throws IllegalArgumentException in a cluster, for a filter that is not a {@link WSFilter} of this host
     */
    String filterName(Predicate<WSConnection> filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter == ALL || !cluster.clustered()) {
            return null;
        }
        if (filter instanceof WSFilter named && named.host() == this) {
            return named.name();
        }
        throw new IllegalArgumentException("in a cluster, a filter runs on every server, and a lambda cannot "
                + "travel: register it on every server with host.filter(name, predicate) and pass that WSFilter");
    }

    WSCluster cluster() {
        return cluster;
    }

    private WSChannel bindLocally(String name, Predicate<WSConnection> filter) {
        WSChannel channel = channel(name);
        for (WSConnection connection : connections) {
            if (filter.test(connection)) {
                channel.bind(connection);
            }
        }
        return channel;
    }

    // --- for simples-http, through WebSocketAccess ---

    static {
        WebSocketAccess.install(new WebSocketAccess.Host() {
            @Override
            public boolean acceptsOrigin(WSHost host, String origin, String hostHeader) {
                return host.origins.allows(origin, hostHeader);
            }

            @Override
            public void handshake(WSHost host, RequestHead head, WebSocketAccess.Opening opening) {
                host.handshake(head, opening);
            }

            @Override
            public void join(WSHost host, ClusterMember member, String key) {
                host.cluster.join(member, key);
            }
        });
    }

    private void handshake(RequestHead head, WebSocketAccess.Opening opening) {
        meters = opening.meters(); // the endpoint's, the same at every handshake: its broadcasts are counted from the first
        pipeline.upgrade(head, opening);
    }

    WSListener listener() {
        return listener;
    }

    /** How an open connection's frames are decoded: with the reserved bits its extensions may set, or none. */
    WebSocketDecoderConfig decoding(boolean extensions) {
        return pipeline.decoding(extensions);
    }

    void add(WSConnection connection) {
        connections.add(connection);
    }

    void remove(WSConnection connection) {
        connections.remove(connection);
    }

    void forget(WSChannel channel) {
        channels.remove(channel.name(), channel);
    }

    /** This server's part of another server's broadcast: the channel's or every connection, through the filter of that name. */
    void received(String channelName, String filterName, boolean binary, byte[] payload) {
        Collection<WSConnection> recipients = connections;
        if (channelName != null) {
            WSChannel channel = channels.get(channelName);
            if (channel == null) {
                return; // nobody here is bound to it
            }
            recipients = channel.bound();
        }
        Predicate<WSConnection> filter = filterNamed(filterName);
        if (filter != null) {
            meters.broadcast(Broadcast.send(recipients, Broadcast.frame(binary, payload), filter));
        }
    }

    /** Another server's {@code channel(name, filter)}: binds this server's connections that its filter accepts. */
    void bindReceived(String channelName, String filterName) {
        Predicate<WSConnection> filter = filterNamed(filterName);
        if (filter != null) {
            bindLocally(channelName, filter);
        }
    }

    WSChannel existingChannel(String name) {
        return channels.get(name);
    }

    private Predicate<WSConnection> filterNamed(String name) {
        if (name == null) {
            return ALL;
        }
        WSFilter filter = filters.get(name);
        if (filter == null) {
            LOG.warn("{}: another server used the filter \"{}\", which this server has not registered; its message was dropped",
                    this, name);
        }
        return filter;
    }

    @Override
    public String toString() {
        return "WSHost[" + location + ", " + connections.size() + " connections]";
    }
}
