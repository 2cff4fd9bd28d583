package io.simples.core.internal.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster as this process sees it: the bus, the members (servers) of this process that joined
 * it, the members of every process it has heard of lately, and the counters. Each message is
 * decoded once here and handed to every member of this process but its sender.
 *
 * <p><b>Presence.</b> A member says {@code Hello} when it joins and every {@link #HELLO_EVERY};
 * one not heard of for three periods, or that said {@code Bye}, is forgotten. A newcomer is
 * answered at once, so that it knows the others within a round trip. Counts across the cluster
 * expect an answer from every member known.
 */
public final class Hub implements Bus.Receiver, AutoCloseable {

    static final long HELLO_EVERY = 2_000;
    private static final long FORGET_AFTER = 3 * HELLO_EVERY;
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final String name;
    private final Bus bus;
    private final List<ClusterMember> members = new CopyOnWriteArrayList<>();
    private volatile ClusterMember sole; // the one member of this process, if only one
    private final Map<Long, Long> heard = new ConcurrentHashMap<>(); // member id -> when, in ms
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simples-cluster");
        thread.setDaemon(true);
        return thread;
    });
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Journal> journals = new ConcurrentHashMap<>(); // by host key

    Hub(String name, Bus bus) {
        this.name = name;
        this.bus = bus;
        bus.start(this);
        clock.scheduleWithFixedDelay(this::beat, HELLO_EVERY, HELLO_EVERY, TimeUnit.MILLISECONDS);
    }

    /** A hub whose messages stay in this process. */
    public static Hub local(String name) {
        return new Hub(name, new LocalBus());
    }

    /**
     * A hub on the Redis at {@code uri}, on the channel {@code <name>:bus}.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static Hub redis(String uri, String name) {
        return new Hub(name, new RedisBus(uri, name + ":bus", false));
    }

    /**
     * A hub on the Redis Cluster the node at {@code uri} belongs to, on the channel {@code <name>:bus}.
     *
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public static Hub redisCluster(String uri, String name) {
        return new Hub(name, new RedisBus(uri, name + ":bus", true));
    }

    public String name() {
        return name;
    }

    /** False from the moment the bus lost its connection until it is back. */
    public boolean connected() {
        return connected.get();
    }

    /** Servers of the cluster heard of lately, this process's included. */
    public int members() {
        return heard.size();
    }

    Set<Long> memberIds() {
        return Set.copyOf(heard.keySet());
    }

    /** Published, received, malformed, dropped. */
    public long[] counters() {
        return new long[] {published.sum(), received.sum(), malformed.sum(), dropped.sum()};
    }

    ScheduledExecutorService clock() {
        return clock;
    }

    synchronized void join(ClusterMember member) {
        members.add(member);
        sole = members.size() == 1 ? member : null;
        heard.put(member.id(), System.currentTimeMillis());
        publish(new BusMessage.Hello(member.id()));
    }

    synchronized void leave(ClusterMember member) {
        members.remove(member);
        sole = members.size() == 1 ? members.get(0) : null;
        heard.remove(member.id());
        publish(new BusMessage.Bye(member.id()));
    }

    void publish(BusMessage message) {
        published.increment();
        bus.publish(BusMessage.encode(message), dropped::increment);
    }

    /**
     * The journal of the WebSocket host known as {@code host} (the first caller's {@code keep} and
     * {@code count} hold for all): on the bus's Redis, or in this process, shared by its members.
     */
    Journal journal(String host, java.time.Duration keep, int count) {
        return journals.computeIfAbsent(host, key -> bus instanceof RedisBus redis
                ? redis.journal(name + ":j:" + key + ":", keep, count)
                : new MemoryJournal(keep, count));
    }

    /**
     * Appends {@code message}'s text to {@code stream} of {@code journal} and announces it to every
     * member, its sender too, in the order of the stream; answers the id (failed when the journal
     * could not take it: then nobody heard it).
     */
    java.util.concurrent.CompletableFuture<String> record(Journal journal, String stream, BusMessage.Recorded message) {
        published.increment();
        byte[] announcement = BusMessage.announcement(message);
        if (journal instanceof MemoryJournal memory) {
            synchronized (memory) { // append and hand on at once: every member hears the stream in order
                String id = memory.append(stream, message.text());
                byte[] id8 = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] whole = java.util.Arrays.copyOf(announcement, announcement.length + id8.length);
                System.arraycopy(id8, 0, whole, announcement.length, id8.length);
                bus.publish(whole, dropped::increment);
                return java.util.concurrent.CompletableFuture.completedFuture(id);
            }
        }
        return ((RedisJournal) journal).append(stream, message.text(), announcement).whenComplete((id, failure) -> {
            if (failure != null) {
                dropped.increment();
            }
        });
    }

    /** A message a member could not take in time. */
    void dropped() {
        dropped.increment();
    }

    @Override
    public void received(byte[] bytes) {
        received.increment();
        ClusterMember alone = sole;
        if (alone != null && BusMessage.sentBy(bytes, alone.id()) && !BusMessage.isRecorded(bytes)) {
            return; // Redis echoes what we published; with one member here, nobody needs it
        }
        BusMessage message;
        try {
            message = BusMessage.decode(bytes);
        } catch (BusMessage.MalformedMessage e) {
            malformed.increment();
            if (malformed.sum() == 1) {
                LOG.warn("cluster {}: dropped a message that is not ours ({}); further ones are only counted", name,
                        e.getMessage());
            }
            return;
        }
        if (message instanceof BusMessage.Hello hello) {
            boolean newcomer = heard.put(hello.sender(), System.currentTimeMillis()) == null;
            if (newcomer && !isOurs(hello.sender())) {
                members.forEach(member -> publish(new BusMessage.Hello(member.id())));
            }
            return;
        }
        if (message instanceof BusMessage.Bye bye) {
            if (heard.remove(bye.sender()) != null) {
                members.forEach(member -> member.forgotten(bye.sender()));
            }
            return;
        }
        for (ClusterMember member : members) {
            if (member.id() != message.sender() || message instanceof BusMessage.Recorded) {
                member.deliver(message);
            }
        }
    }

    @Override
    public void up() {
        if (connected.compareAndSet(false, true)) {
            LOG.info("cluster {}: the bus is connected again; what was said meanwhile is lost", name);
            for (ClusterMember member : members) {
                publish(new BusMessage.Hello(member.id()));
                member.reconnected();
            }
        }
    }

    @Override
    public void down(Throwable cause) {
        if (connected.compareAndSet(true, false)) {
            LOG.warn("cluster {}: {}; broadcasts reach this process only until it is back", name, cause.getMessage());
            members.forEach(member -> member.disconnected(cause));
        }
    }

    private boolean isOurs(long id) {
        for (ClusterMember member : members) {
            if (member.id() == id) {
                return true;
            }
        }
        return false;
    }

    /** Every period: say hello for this process's members, forget the silent others. */
    private void beat() {
        long now = System.currentTimeMillis();
        for (ClusterMember member : members) {
            heard.put(member.id(), now);
            publish(new BusMessage.Hello(member.id()));
        }
        List<Long> silent = new java.util.ArrayList<>();
        heard.forEach((id, when) -> {
            if (now - when > FORGET_AFTER && heard.remove(id, when)) {
                silent.add(id);
            }
        });
        for (long id : silent) {
            members.forEach(member -> member.forgotten(id));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            clock.shutdownNow();
            bus.close();
        }
    }
}
