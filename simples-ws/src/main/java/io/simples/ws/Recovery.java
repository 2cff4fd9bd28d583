package io.simples.ws;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.simples.core.ClusterCount;
import io.simples.core.internal.cluster.ClusterMember;
import io.simples.core.internal.cluster.Journal;
import io.simples.core.internal.cluster.MemoryJournal;
import io.simples.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link WSHost} with {@link WSHost#recovery recovery} keeps so that a client that
 * reconnects misses nothing: the events sent to a session ({@link WSHost#toSession}) and to a
 * channel ({@link WSChannel#broadcast(String, Object)}) go into a {@link Journal} (Redis Streams in
 * a cluster on Redis, this process otherwise) and reach their connections with their position,
 * {@code "seq": "s:<id>"} or {@code "seq": "c:<channel>:<id>"}. A client that reconnects sends the
 * last position of each stream in the query ({@value #RESUME}={@code ["s:…", "c:room:…"]}) and
 * gets, before anything newer, what it missed, in order, then {@value #RESUMED}; a stream it has
 * no position of replays from where its session was marked (at its first open, or first bind).
 * Positions come only with events, which reach a connection in the order of their stream: a
 * position told apart (a "you stand here" message) could overtake events still on their way
 * through the bus, and a client that dropped then would skip them.
 *
 * <p>The session must be the same (its id names its stream and its marks), so a destroyed
 * session replays nothing; a client is never taken further back than where its session was
 * first marked on that stream, nor into a channel its session was not bound to.
 */
final class Recovery {

    /** The query parameter of a connection that resumes: a JSON array of positions. */
    static final String RESUME = "simples-resume";
    /** The event that ends a resume: {@code {"recovered": bool, "replayed": n}}. */
    static final String RESUMED = "simples:resumed";
    /** Positions a resume may ask for at most. */
    static final int MOST_POSITIONS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final WSHost host;
    private final Duration keep;
    private final int count;
    private final MemoryJournal alone;

    Recovery(WSHost host, Duration keep, int count) {
        this.host = host;
        this.keep = keep;
        this.count = count;
        this.alone = new MemoryJournal(keep, count);
    }

    Duration keep() {
        return keep;
    }

    int count() {
        return count;
    }

    /** The cluster's journal once the server joined one, else this host's own. */
    private Journal journal() {
        WSCluster cluster = host.cluster();
        ClusterMember member = cluster.member();
        Journal shared = cluster.clustered() && member != null ? member.journal(cluster.key(), keep, count) : null;
        return shared != null ? shared : alone;
    }

    // --- sending ---

    /** Keeps the event and sends it to the connections of {@code channel}, or of {@code session}, everywhere. */
    CompletableFuture<ClusterCount> send(String channel, String session, String event, Object data, Duration timeout) {
        String text = Envelopes.encode(event, data);
        Journal journal = journal();
        if (journal != alone) {
            WSCluster cluster = host.cluster();
            return cluster.member().record(journal, cluster.key(), channel, session, text, timeout);
        }
        synchronized (alone) { // appended and handed to the connections in one step: they get the stream in order
            String id = alone.append(channel != null ? "c:" + channel : "s:" + session, text);
            return CompletableFuture.completedFuture(new ClusterCount(deliver(channel, session, text, id), 1, 1));
        }
    }

    /** Hands a kept event ({@code id} null: one the journal could not take) to this server's connections; how many got it. */
    long deliver(String channel, String session, String text, String id) {
        Collection<WSConnection> recipients;
        Predicate<WSConnection> filter;
        String stream;
        if (channel != null) {
            WSChannel bound = host.existingChannel(channel);
            if (bound == null) {
                return 0;
            }
            recipients = bound.bound();
            filter = WSHost.ALL;
            stream = "c:" + channel;
        } else {
            recipients = host.connections();
            filter = connection -> connection.hasSession() && session.equals(connection.session().id());
            stream = "s";
        }
        WebSocketFrame frame = new TextWebSocketFrame(WSConnection.utf8(id == null ? text : positioned(text, stream, id)));
        return Broadcast.send(recipients, frame, filter, (connection, copy) -> connection.recorded(stream, id, copy));
    }

    /** The envelope {@code text} with its position after the rest. */
    static String positioned(String text, String stream, String id) {
        return text.substring(0, text.length() - 1) + ",\"seq\":" + Envelopes.json(stream + ":" + id) + "}";
    }

    // --- a connection's life ---

    /** On the event loop, before the open listener runs: a connection that asks to resume holds what is kept for it until the replay is done. */
    void opening(WSConnection connection) {
        if (!connection.hasSession()) {
            return;
        }
        String asked = connection.query().get(RESUME);
        if (asked == null) {
            return; // a client that keeps no positions (the original simpleS's, a raw socket): its streams are marked, never told
        }
        Map<String, String> positions = Resuming.parse(asked);
        connection.resuming(positions != null && positions.isEmpty() ? null : new Resuming(positions)); // [] resumes nothing
    }

    /** Once the connection gets what is sent (it joined its host): marks its session's stream (a first mark stays), or replays what it missed. */
    void opened(WSConnection connection) {
        if (!connection.hasSession()) {
            return;
        }
        Session session = connection.session();
        Resuming resuming = connection.resuming();
        if (resuming == null) {
            mark(connection, session, "s");
        } else {
            resume(connection, session, resuming);
        }
    }

    /** The connection was bound to {@code channel}: its session may replay the channel from here (a first mark stays). */
    void bound(WSChannel channel, WSConnection connection) {
        if (connection.hasSession()) {
            mark(connection, connection.session(), "c:" + channel.name());
        }
    }

    /** The connection was unbound while open (not by its close): its session no longer replays the channel. */
    void unbound(WSChannel channel, WSConnection connection) {
        if (connection.hasSession() && connection.isOpen()) {
            journal().unmark(connection.session().id(), "c:" + channel.name());
        }
    }

    /** Keeps the session's marks while its connection stays open. */
    void refresh(WSConnection connection) {
        if (connection.hasSession()) {
            journal().touch(connection.session().id(), life(connection.session()));
        }
    }

    /** Marks are kept while the session may live, and for the time messages are kept after it. */
    private Duration life(Session session) {
        return session.timeout().plus(keep);
    }

    private void mark(WSConnection connection, Session session, String stream) {
        journal().mark(session.id(), stream, life(session)).whenComplete((id, failure) -> {
            if (failure != null) {
                LOG.warn("{}: the journal could not mark {}: {}", connection, stream, failure.toString());
            }
        });
    }

    /**
     * Binds the connection again to the channels it asks for that its session was bound to, then
     * reads what each stream holds after the position asked (never before the session's mark), and
     * has the connection's event loop write it all, then what came meanwhile.
     */
    private void resume(WSConnection connection, Session session, Resuming resuming) {
        Journal journal = journal();
        if (resuming.asked() == null) {
            connection.resumed(List.of(), Map.of(), false);
            return;
        }
        journal.marks(session.id(), life(session)).thenCompose(marks -> {
            Map<String, String> from = new LinkedHashMap<>();
            resuming.asked().forEach((stream, position) -> {
                String mark = marks.get(stream);
                if (mark != null) {
                    from.put(stream, Journal.later(position, mark));
                } else if (stream.equals("s")) {
                    from.put(stream, position); // the session's own: its id is the right to it; the mark is only a floor
                }
            });
            String own = marks.get("s");
            if (own != null) {
                from.putIfAbsent("s", own);
            }
            from.keySet().stream().filter(stream -> stream.startsWith("c:"))
                    .forEach(stream -> host.channel(stream.substring(2)).bind(connection));
            List<CompletableFuture<List<Kept>>> reads = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean gap = new java.util.concurrent.atomic.AtomicBoolean();
            from.forEach((stream, position) -> reads.add(journal.replay(session.id(), stream, position).thenApply(replay -> {
                if (replay.gap()) {
                    gap.set(true);
                }
                return replay.entries().stream().map(entry -> new Kept(stream, entry.id(), entry.text())).toList();
            })));
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<Kept> all = new ArrayList<>();
                reads.forEach(read -> all.addAll(read.join()));
                all.sort(Comparator.comparing(Kept::id, Journal::compare));
                Map<String, String> floor = new LinkedHashMap<>(from);
                all.forEach(kept -> floor.merge(kept.stream(), kept.id(), Journal::later));
                return new Replayed(all, floor, !gap.get());
            });
        }).whenComplete((replayed, failure) -> {
            if (failure != null) {
                LOG.warn("{}: could not replay what it missed: {}", connection, failure.toString());
                connection.resumed(List.of(), Map.of(), false);
            } else {
                connection.resumed(replayed.kept(), replayed.floor(), replayed.recovered());
            }
        });
    }

    /** One kept message of a stream, to replay. */
    record Kept(String stream, String id, String text) {
    }

    private record Replayed(List<Kept> kept, Map<String, String> floor, boolean recovered) {
    }
}
