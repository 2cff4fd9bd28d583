package io.simples.core.internal.cluster;

import io.simples.core.Cluster;
import io.simples.core.ClusterCount;
import io.simples.core.internal.CoreAccess;
import io.simples.core.internal.SerialExecutor;
import io.simples.core.internal.SessionRegistry;
import io.simples.session.internal.SessionEvents;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One server in its cluster: publishes what its WebSocket hosts and live sessions do, and applies
 * what the other members published. Until a cluster is {@linkplain #use chosen} the server is
 * alone and nothing is published.
 *
 * <p>Messages from the bus are handled in the order they came; those that run the application's
 * code (a filter, a channel's close listeners, a session's listeners) on the handler threads,
 * never on the bus's own thread (see {@link #deliver}). At most {@link #INBOX} wait, and what
 * comes beyond is dropped and counted, so a process that cannot keep up loses messages instead of
 * memory, and never slows the others.
 */
public final class ClusterMember {

    static final int INBOX = 100_000;
    private static final SecureRandom IDS = new SecureRandom();

    private final long id = IDS.nextLong();
    private final SessionRegistry registry;
    private final Consumer<Throwable> errors;
    private final Map<String, ClusterEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Executor handlers;
    private final Executor inbox;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<Long, Tally> counts = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final SessionEvents.Publisher sessionEvents = new SessionEvents.Publisher() {
        @Override
        public void saved(String session) {
            if (hub != null) { // published to only while joined; a save racing the leave tells nobody
                publish(new BusMessage.SessionSaved(id, session));
            }
        }

        @Override
        public void destroyed(String session) {
            if (hub != null) {
                publish(new BusMessage.SessionDestroyed(id, session));
            }
        }

        @Override
        public void moved(String oldId, String newId) {
            if (hub != null) {
                publish(new BusMessage.SessionMoved(id, oldId, newId));
            }
        }
    };
    private volatile Cluster cluster;
    private volatile Hub hub; // while joined
    private boolean started; // guarded by this

    /** A member for the server whose live sessions are {@code registry}; its bus troubles go to {@code errors}. */
    public ClusterMember(SessionRegistry registry, Executor handlers, Consumer<Throwable> errors) {
        this.registry = registry;
        this.errors = errors;
        this.handlers = handlers;
        this.inbox = new SerialExecutor(handlers);
    }

    /** This member's id on the bus, different for every server of every process. */
    long id() {
        return id;
    }

    /** Where this member's listeners of application code run (the server's handler threads). */
    public Executor handlers() {
        return handlers;
    }

    /** Tells the others that the session {@code key} joined ({@code fields}) or left ({@code fields} null) {@code channel} of {@code host}. */
    public void presence(String host, String channel, String key, byte[] fields) {
        publish(new BusMessage.PresenceChange(id, host, channel, key, fields));
    }

    /** The member {@code member} is gone: every endpoint forgets whom it held present. */
    void forgotten(long member) {
        for (ClusterEndpoint endpoint : endpoints.values()) {
            endpoint.forget(member);
        }
    }

    /** Publishes the presence state of every endpoint that keeps presence. */
    private void publishPresence() {
        endpoints.forEach((key, endpoint) -> {
            byte[] state = endpoint.presenceState();
            if (state != null) {
                publish(new BusMessage.PresenceState(id, key, state));
            }
        });
    }

    /** The cluster to be in (leaving the one joined, if any): joined now when the server runs, else when it starts. */
    public synchronized void use(Cluster chosen) {
        leaveHub();
        cluster = chosen;
        if (started) {
            joinHub();
        }
    }

    /** True when a cluster was chosen: what this server does may matter to other servers. */
    public boolean clustered() {
        return cluster != null;
    }

    /** True when this server has joined its cluster and the bus reaches the others (false while its Redis is away). */
    public boolean connected() {
        Hub joined = hub;
        return joined != null && joined.connected();
    }

    /** The servers of the cluster heard of lately, this one included; 0 when not joined. */
    public int servers() {
        Hub joined = hub;
        return joined == null ? 0 : joined.members();
    }

    /** What the chosen cluster's bus did so far (all zero without a cluster). */
    public Cluster.Stats stats() {
        Cluster chosen = cluster;
        return chosen == null ? new Cluster.Stats(0, 0, 0, 0) : chosen.stats();
    }

    /** The server started: joins the chosen cluster, if any. */
    public synchronized void join() {
        started = true;
        joinHub();
    }

    /** The server stopped: leaves the cluster joined, if any. */
    public synchronized void leave() {
        started = false;
        leaveHub();
    }

    private void joinHub() {
        if (cluster != null && hub == null) {
            hub = CoreAccess.hub(cluster);
            hub.join(this);
            publish(new BusMessage.PresenceSync(id)); // the others' presence, whoever they hold
            publishPresence(); // and ours, for those that joined before (a restart of this server)
            registry.publishTo(sessionEvents); // alone, a save tells nobody: a server in no cluster never comes here
        }
    }

    private void leaveHub() {
        if (hub != null) {
            registry.publishTo(SessionEvents.NOBODY);
            hub.leave(this);
            hub = null;
        }
    }

    /** Makes {@code endpoint} the host known to the cluster as {@code key}. */
    public void endpoint(String key, ClusterEndpoint endpoint) {
        endpoints.put(key, endpoint);
    }

    /** Sends a broadcast to the other members (nothing while alone). */
    public void broadcast(String host, String channel, String filter, boolean binary, byte[] payload) {
        publish(new BusMessage.Broadcast(id, host, channel, filter, binary, payload));
    }

    /** Binds, on the other members, the connections of {@code host} that {@code filter} accepts to {@code channel}. */
    public void bind(String host, String channel, String filter) {
        publish(new BusMessage.Bind(id, host, channel, filter));
    }

    /** Closes {@code channel} of {@code host} on the other members. */
    public void closeChannel(String host, String channel) {
        publish(new BusMessage.CloseChannel(id, host, channel));
    }

    /**
     * Counts the connections of {@code host} (in {@code channel} when not null) on every member
     * known, this one's {@code local} included, waiting at most {@code timeout} for their answers.
     */
    public CompletableFuture<ClusterCount> count(String host, String channel, long local, Duration timeout) {
        return tally(local, timeout, (joined, request) -> joined.publish(new BusMessage.Count(id, request, host, channel)));
    }

    /**
     * Sends a frame's {@code payload} to the connections of {@code host} of the session
     * {@code session} on every other member, and counts them with {@code local} (those of this
     * member that got it), waiting at most {@code timeout} for the others' answers.
     */
    public CompletableFuture<ClusterCount> toSession(String host, String session, boolean binary, byte[] payload, long local,
                                                     Duration timeout) {
        return tally(local, timeout,
                (joined, request) -> joined.publish(new BusMessage.ToSession(id, request, host, session, binary, payload)));
    }

    /**
     * The journal of {@code host} for this cluster (see {@link Hub#journal}); null until this member
     * has joined one.
     */
    public Journal journal(String host, Duration keep, int count) {
        Hub joined = hub;
        return joined == null ? null : joined.journal(host, keep, count);
    }

    /**
     * Keeps {@code text} in {@code journal} for the connections of {@code host} bound to
     * {@code channel}, or of the session {@code session}, and has every member of the cluster (this
     * one too) deliver it with its id, in the order of the stream. When the journal cannot take it,
     * this member alone delivers it, without an id. With a {@code timeout}, counts the connections
     * that got it (a channel's message is not counted: the future completes at once with nothing).
     */
    public CompletableFuture<ClusterCount> record(Journal journal, String host, String channel, String session, String text,
                                                  Duration timeout) {
        Hub joined = hub;
        String stream = channel != null ? "c:" + channel : "s:" + session;
        if (joined == null) {
            return CompletableFuture.completedFuture(new ClusterCount(unrecorded(host, channel, session, text), 1, 1));
        }
        if (timeout == null) {
            joined.record(journal, stream, new BusMessage.Recorded(id, 0, host, channel, session, text, null))
                    .exceptionally(failure -> {
                        if (neverSent(failure)) {
                            unrecorded(host, channel, session, text);
                        }
                        return null;
                    });
            return CompletableFuture.completedFuture(new ClusterCount(0, 1, 1));
        }
        return tally(-1, timeout, (hub, request) ->
                hub.record(journal, stream, new BusMessage.Recorded(id, request, host, channel, session, text, null))
                        .exceptionally(failure -> {
                            Tally tally = counts.get(request);
                            long delivered = neverSent(failure) ? unrecorded(host, channel, session, text) : 0;
                            if (tally != null && neverSent(failure)) {
                                tally.answer(id, delivered);
                            }
                            return null;
                        }));
    }

    /**
     * True when the journal surely did not run the append (Redis refused the command, or could not
     * be reached): a command that timed out may still have run, and published, so delivering it
     * here too would double it, out of order.
     */
    private static boolean neverSent(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return !(cause instanceof io.lettuce.core.RedisCommandTimeoutException);
    }

    /** Delivers a message the journal could not take to this member's connections, without an id (at most once). */
    private long unrecorded(String host, String channel, String session, String text) {
        ClusterEndpoint endpoint = endpoints.get(host);
        return endpoint == null ? 0 : endpoint.recorded(channel, session, text, null);
    }

    /** How a count asks the others, given the hub and the request's number. */
    @FunctionalInterface
    private interface Question {
        void ask(Hub hub, long request);
    }

    /**
     * Asks every member known what {@code question} (given the request's number) asks, and sums
     * their answers with {@code local} (this member's, or -1 when it answers like the others).
     */
    private CompletableFuture<ClusterCount> tally(long local, Duration timeout, Question question) {
        Hub joined = hub;
        if (joined == null) {
            return CompletableFuture.completedFuture(new ClusterCount(Math.max(0, local), 1, 1));
        }
        Set<Long> expected = joined.memberIds();
        long request = requests.incrementAndGet();
        Tally tally = new Tally(expected);
        counts.put(request, tally);
        if (local >= 0) {
            tally.answer(id, local);
        }
        question.ask(joined, request);
        try {
            joined.clock().schedule(tally::timeUp, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            tally.timeUp(); // the cluster was closed: nobody else will answer
        }
        return tally.result.whenComplete((count, failure) -> counts.remove(request));
    }

    private void publish(BusMessage message) {
        Hub joined = hub;
        if (joined != null) {
            joined.publish(message);
        }
    }

    /**
     * From the hub: a message of another member. What runs none of the application's code (a
     * broadcast without a filter, a count, a save to read) is handled at once on the bus's thread
     * when nothing waits before it; the rest, and everything behind a waiting message, goes
     * through the inbox, so one sender's messages are handled in the order sent. Handing every
     * message to another thread cost a wake-up each (18 µs of CPU per message in the benchmark).
     */
    void deliver(BusMessage message) {
        if (waiting.get() == 0 && runsNoApplicationCode(message)) {
            handle(message);
            return;
        }
        if (waiting.incrementAndGet() > INBOX) {
            waiting.decrementAndGet();
            Hub joined = hub;
            if (joined != null) {
                joined.dropped();
            }
            return;
        }
        inbox.execute(() -> {
            try {
                handle(message);
            } finally {
                waiting.decrementAndGet(); // after: a message that comes meanwhile queues behind this one
            }
        });
    }

    private static boolean runsNoApplicationCode(BusMessage message) {
        return message instanceof BusMessage.Broadcast broadcast ? broadcast.filter() == null
                : message instanceof BusMessage.Count || message instanceof BusMessage.Counted
                        || message instanceof BusMessage.SessionSaved || message instanceof BusMessage.ToSession
                        || message instanceof BusMessage.PresenceChange || message instanceof BusMessage.PresenceState
                        || message instanceof BusMessage.PresenceSync || message instanceof BusMessage.Recorded; // presence hands its listeners to handler threads
    }

    private void handle(BusMessage message) {
        if (message instanceof BusMessage.Broadcast m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            if (endpoint != null) {
                endpoint.broadcast(m.channel(), m.filter(), m.binary(), m.payload());
            }
        } else if (message instanceof BusMessage.Bind m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            if (endpoint != null) {
                endpoint.bind(m.channel(), m.filter());
            }
        } else if (message instanceof BusMessage.CloseChannel m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            if (endpoint != null) {
                endpoint.closeChannel(m.channel());
            }
        } else if (message instanceof BusMessage.Count m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            publish(new BusMessage.Counted(id, m.request(), m.sender(), endpoint == null ? 0 : endpoint.count(m.channel())));
        } else if (message instanceof BusMessage.PresenceChange m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            if (endpoint != null) {
                endpoint.presence(m.sender(), m.channel(), m.key(), m.fields());
            }
        } else if (message instanceof BusMessage.PresenceState m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            if (endpoint != null) {
                endpoint.presenceState(m.sender(), m.state());
            }
        } else if (message instanceof BusMessage.PresenceSync) {
            publishPresence();
        } else if (message instanceof BusMessage.ToSession m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            long delivered = endpoint == null ? 0 : endpoint.toSession(m.session(), m.binary(), m.payload());
            publish(new BusMessage.Counted(id, m.request(), m.sender(), delivered));
        } else if (message instanceof BusMessage.Recorded m) {
            ClusterEndpoint endpoint = endpoints.get(m.host());
            long delivered = endpoint == null ? 0 : endpoint.recorded(m.channel(), m.session(), m.text(), m.id());
            if (m.request() != 0 && m.sender() == id) {
                Tally tally = counts.get(m.request());
                if (tally != null) {
                    tally.answer(id, delivered);
                }
            } else if (m.request() != 0) {
                publish(new BusMessage.Counted(id, m.request(), m.sender(), delivered));
            }
        } else if (message instanceof BusMessage.Counted m) {
            Tally tally = m.asker() == id ? counts.get(m.request()) : null;
            if (tally != null) {
                tally.answer(m.sender(), m.connections());
            }
        } else if (message instanceof BusMessage.SessionSaved m) {
            registry.savedElsewhere(m.id());
        } else if (message instanceof BusMessage.SessionDestroyed m) {
            registry.destroyedElsewhere(m.id());
        } else if (message instanceof BusMessage.SessionMoved m) {
            registry.movedElsewhere(m.oldId(), m.newId());
        }
    }

    /** The bus is back: what other members wrote meanwhile was not heard, so every live session reads its store again. */
    void reconnected() {
        inbox.execute(registry::syncAll);
        publish(new BusMessage.PresenceSync(id)); // presence said meanwhile was lost too
        publishPresence();
    }

    /** The bus lost Redis: the server's error listeners hear it on a handler thread, not on the bus's. */
    void disconnected(Throwable cause) {
        inbox.execute(() -> errors.accept(cause));
    }

    /** The answers to one count. */
    private static final class Tally {
        final CompletableFuture<ClusterCount> result = new CompletableFuture<>();
        final Set<Long> expected;
        final Map<Long, Long> answers = new ConcurrentHashMap<>();

        Tally(Set<Long> expected) {
            this.expected = expected;
        }

        void answer(long member, long connections) {
            answers.put(member, connections);
            if (answers.keySet().containsAll(expected)) {
                finish();
            }
        }

        void timeUp() {
            finish();
        }

        private void finish() {
            long sum = 0;
            for (long connections : answers.values()) {
                sum += connections;
            }
            Set<Long> servers = new HashSet<>(expected);
            servers.addAll(answers.keySet());
            result.complete(new ClusterCount(sum, servers.size(), answers.size()));
        }
    }

    @Override
    public String toString() {
        return "ClusterMember[" + Long.toHexString(id) + (cluster == null ? ", alone" : ", " + Objects.toString(cluster)) + "]";
    }
}
