package io.simples.ws;

import io.simples.core.ClusterCount;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A named group of connections of one {@link WSHost} — a chat room, a topic — to broadcast to.
 * A connection leaves every channel when it closes. In a cluster, each server binds its own
 * connections, and a broadcast or a close reaches the channel of that name on every server. Made by {@link WSHost#channel(String)}; the
 * same name gives the same channel until it is {@link #close() closed}. Listeners of its events
 * ({@code bind}, {@code unbind}, {@code broadcast}, {@code close}) run on the thread that caused
 * them. Safe from any thread.
 */
public final class WSChannel {

    private final String name;
    private final WSHost host;
    private final Set<WSConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Consumer<WSConnection>> bindListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<WSConnection>> unbindListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, Object>> broadcastListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> joinListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> leaveListeners = new CopyOnWriteArrayList<>();

    WSChannel(String name, WSHost host) {
        this.name = name;
        this.host = host;
    }

    /**
     * The channel's name, the same on every server of the cluster.
     *
     * @return the name given to {@link WSHost#channel(String)}
     */
    public String name() {
        return name;
    }

    /**
     * The connections bound, as a read-only view.
     *
     * @return a live view of this server's connections bound to the channel
     */
    public Set<WSConnection> connections() {
        return Collections.unmodifiableSet(connections);
    }

    /**
     * Binds {@code connection} (an open connection of this channel's host). Binding a connection
     * that is bound already, or closed, does nothing.
     *
     * @param connection the connection to bind
     * @return this channel, for chaining
     * @throws IllegalArgumentException when {@code connection} belongs to another host
     */
    public WSChannel bind(WSConnection connection) {
        Objects.requireNonNull(connection, "connection");
        if (connection.endpoint() != host) {
            throw new IllegalArgumentException(connection + " belongs to another WebSocket host");
        }
        if (connection.isOpen() && connections.add(connection)) {
            connection.bound(this);
            Presence presence = host.presenceKept();
            if (presence != null) {
                presence.bound(this, connection);
            }
            Recovery recovery = host.recoveryKept();
            if (recovery != null) {
                recovery.bound(this, connection);
            }
            bindListeners.forEach(listener -> listener.accept(connection));
        }
        return this;
    }

    /**
     * Unbinds {@code connection}; nothing happens when it is not bound.
     *
     * @param connection the connection to unbind
     * @return this channel, for chaining
     */
    public WSChannel unbind(WSConnection connection) {
        if (connections.remove(connection)) {
            connection.unbound(this);
            Presence presence = host.presenceKept();
            if (presence != null) {
                presence.unbound(this, connection);
            }
            Recovery recovery = host.recoveryKept();
            if (recovery != null) {
                recovery.unbound(this, connection);
            }
            unbindListeners.forEach(listener -> listener.accept(connection));
        }
        return this;
    }

    /**
     * Sends {@code data} to every connection bound (JSON unless text or bytes).
     *
     * @param data the message
     * @return this channel, for chaining
     */
    public WSChannel broadcast(Object data) {
        return broadcast(null, data, WSHost.ALL);
    }

    /**
     * Sends {@code data} to the connections bound that {@code filter} accepts.
     *
     * @param data the message (JSON unless text or bytes)
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of the host
     * @return this channel, for chaining
     */
    public WSChannel broadcast(Object data, Predicate<WSConnection> filter) {
        return broadcast(null, data, filter);
    }

    /**
     * Sends the text {@code text} to the connections bound that {@code filter} accepts (see
     * {@link WSHost#broadcast(String, Predicate)}).
     *
     * @param text the message
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of the host
     * @return this channel, for chaining
     */
    public WSChannel broadcast(String text, Predicate<WSConnection> filter) {
        return broadcast(null, text, filter);
    }

    /**
     * Sends the event {@code event} with {@code data} to every connection bound. With the host's
     * {@link WSHost#recovery recovery}, it is kept: a client that reconnects gets it then.
     *
     * @param event the event's name
     * @param data the event's data, encoded as JSON
     * @return this channel, for chaining
     */
    public WSChannel broadcast(String event, Object data) {
        return broadcast(event, data, WSHost.ALL);
    }

    /**
     * Sends the event {@code event} with {@code data} to the connections bound that {@code filter}
     * accepts (in a cluster, see {@link WSHost#broadcast(Object, Predicate)}).
     *
     * @param event the event's name, or {@code null} to send {@code data} as a plain message
     * @param data the event's data, encoded as JSON
     * @param filter picks the connections; in a cluster, a {@link WSFilter} of the host
     * @return this channel, for chaining
     */
    public WSChannel broadcast(String event, Object data, Predicate<WSConnection> filter) {
        host.send(name, connections, event, data, filter);
        broadcastListeners.forEach(listener -> listener.accept(event, data));
        return this;
    }

    /**
     * Counts the connections bound to this channel on every server of the cluster, waiting at
     * most {@code timeout} for the others' answers (see {@link WSHost#count(Duration)}).
     *
     * @param timeout how long to wait for the other servers
     * @return a future of the count, partial when some server did not answer in time
     */
    public CompletableFuture<ClusterCount> count(Duration timeout) {
        return host.cluster().count(name, connections.size(), timeout);
    }

    /**
     * Unbinds every connection and forgets the channel, on every server of the cluster: its name
     * makes a new channel next time.
     */
    public void close() {
        closeHere();
        WSCluster cluster = host.cluster();
        if (cluster.clustered()) {
            cluster.member().closeChannel(cluster.key(), name);
        }
    }

    /** {@link #close()} on this server only. */
    void closeHere() {
        for (WSConnection connection : connections) {
            unbind(connection);
        }
        host.forget(this);
        closeListeners.forEach(Runnable::run);
    }

    /** The connections bound, for broadcasts. */
    Set<WSConnection> bound() {
        return connections;
    }

    /**
     * Listens for connections bound to this channel on this server.
     *
     * @param listener hears each connection bound
     * @return this channel, for chaining
     */
    public WSChannel onBind(Consumer<WSConnection> listener) {
        bindListeners.add(listener);
        return this;
    }

    /**
     * Listens for connections unbound from this channel on this server, those that closed included.
     *
     * @param listener hears each connection unbound
     * @return this channel, for chaining
     */
    public WSChannel onUnbind(Consumer<WSConnection> listener) {
        unbindListeners.add(listener);
        return this;
    }

    /**
     * Hears each broadcast made on this server: its event name ({@code null} for plain data) and
     * data. Another server's broadcasts reach the connections here already encoded, and are not told.
     *
     * @param listener hears the event name and data of each broadcast
     * @return this channel, for chaining
     */
    public WSChannel onBroadcast(BiConsumer<String, Object> listener) {
        broadcastListeners.add(listener);
        return this;
    }

    /**
     * The members of this channel on every server of the cluster, counted by session (see
     * {@link WSHost#presence}): the public fields each showed when it joined.
     *
     * @return a snapshot, one entry per session
     * @throws IllegalStateException when the host keeps no presence
     */
    public List<Map<String, Object>> members() {
        return presence().members(name);
    }

    /**
     * Hears each session that joins this channel on any server (the first of its connections
     * anywhere), with the fields it shows; on a handler thread, in order with leaves.
     *
     * @param listener hears the member's public fields
     * @return this channel, for chaining
     * @throws IllegalStateException when the host keeps no presence
     */
    public WSChannel onJoin(Consumer<Map<String, Object>> listener) {
        presence();
        joinListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Hears each session that leaves this channel: its last connection on every server gone for
     * the host's grace period, or its server gone from the cluster.
     *
     * @param listener hears the member's public fields
     * @return this channel, for chaining
     * @throws IllegalStateException when the host keeps no presence
     */
    public WSChannel onLeave(Consumer<Map<String, Object>> listener) {
        presence();
        leaveListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** A member joined or left, as presence tells it (on a handler thread). */
    void membershipChanged(Map<String, Object> fields, boolean joined) {
        for (Consumer<Map<String, Object>> listener : joined ? joinListeners : leaveListeners) {
            try {
                listener.accept(fields);
            } catch (RuntimeException | Error e) {
                org.slf4j.LoggerFactory.getLogger(WSChannel.class).error("a presence listener of {} failed", this, e);
            }
        }
    }

    private Presence presence() {
        Presence presence = host.presenceKept();
        if (presence == null) {
            throw new IllegalStateException("no presence on " + host + ": call host.presence(session -> fields) where it is made");
        }
        return presence;
    }

    /**
     * Listens for the close of this channel on this server, whether {@link #close()} was called here
     * or on another server of the cluster.
     *
     * @param listener runs once the connections are unbound
     * @return this channel, for chaining
     */
    public WSChannel onClose(Runnable listener) {
        closeListeners.add(listener);
        return this;
    }

    @Override
    public String toString() {
        return "WSChannel[" + name + ", " + connections.size() + " connections]";
    }
}
