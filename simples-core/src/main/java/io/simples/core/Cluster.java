package io.simples.core;

import io.simples.core.internal.CoreAccess;
import io.simples.core.internal.cluster.Hub;
import java.util.Objects;

/**
 * The bus that makes several servers one for their users: WebSocket broadcasts, channels and the
 * events of live sessions (a destroy, a new id, saved values) reach the servers of every process
 * that joined the same cluster. Give it to each server with {@code server.cluster(cluster)};
 * without one, a server is alone and works exactly as before.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.redis("redis://127.0.0.1:6379");   // the same on every process
 * server.session(SessionOptions.defaults().store(RedisStore.connect("redis://127.0.0.1:6379")));
 * server.cluster(cluster);
 * }</pre>
 *
 * <p><b>Delivery.</b> On Redis pub/sub: at most once, in the order one sender published (one
 * sender's messages to one channel arrive in the order sent), within about a millisecond on a
 * local network. While Redis cannot be reached, each process keeps serving its own connections,
 * what it publishes is dropped and counted ({@link Stats#dropped()}), the outage is logged once and
 * reported to the server's error listeners, and the bus reconnects by itself (at most half a
 * second apart) and subscribes again; live sessions then read their store again. What was
 * published during the outage is lost.
 *
 * <p><b>Trust.</b> Whoever may publish on the Redis channel ({@code <name>:bus}) may broadcast to
 * your users and close their sessions: the same trust as the session store on that Redis.
 * Messages that are not ours are dropped and counted ({@link Stats#malformed()}).
 *
 * <p>Clusters with different {@linkplain #name() names} share one Redis without hearing each other.
 * Safe from any thread; {@link #close()} it after the servers that use it have stopped.
 */
public final class Cluster implements AutoCloseable {

    /** The name unless told otherwise. */
    public static final String DEFAULT_NAME = "simples";

    /**
     * What the bus did since it was made.
     *
     * @param published messages this process published
     * @param received  messages it received (its own included: pub/sub echoes them)
     * @param malformed messages received that were not a simpleS message, dropped
     * @param dropped   messages lost here: published while the bus was down, or received beyond what
     *                  this process could take in time
     */
    public record Stats(long published, long received, long malformed, long dropped) {
    }

    static {
        CoreAccess.install(cluster -> cluster.hub);
    }

    private final Hub hub;

    private Cluster(Hub hub) {
        this.hub = hub;
    }

    /**
     * A cluster within this process: the servers given this same object hear each other (tests,
     * several servers in one JVM); nothing leaves the process.
     *
     * @return a new cluster named {@value #DEFAULT_NAME}
     */
    public static Cluster local() {
        return new Cluster(Hub.local(DEFAULT_NAME));
    }

    /**
     * The cluster {@value #DEFAULT_NAME} on the Redis at {@code uri} (like {@code redis://127.0.0.1:6379}).
     *
     * @param uri the Redis URI
     * @return a cluster connected to that Redis
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static Cluster redis(String uri) {
        return redis(uri, DEFAULT_NAME);
    }

    /**
     * The cluster {@code name} on the Redis at {@code uri}: its own two connections (one publishes,
     * one listens), apart from any store's.
     *
     * @param uri the Redis URI
     * @param name the cluster's name, which also prefixes its Redis channel; not blank
     * @return a cluster connected to that Redis
     * @throws IllegalArgumentException when {@code name} is blank
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static Cluster redis(String uri, String name) {
        return new Cluster(Hub.redis(Objects.requireNonNull(uri, "uri"), named(name)));
    }

    /**
     * The cluster {@code name} on the Redis Cluster (sharded) that the node at {@code uri} belongs
     * to: plain pub/sub, which reaches every node; the subscription moves to another node when its
     * node dies, and what is published meanwhile is lost, as in any outage. Not yet what
     * {@link #redis} is: under load (a stress test on two busy cores) messages of one sender were
     * seen out of order, so neither that order nor {@code WSHost.recovery} (which rests on it) is
     * promised here yet.
     *
     * @param uri the URI of any node of the Redis Cluster
     * @param name the cluster's name, which also prefixes its Redis channel; not blank
     * @return a cluster connected to that Redis Cluster
     * @throws IllegalArgumentException when {@code name} is blank
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public static Cluster redisCluster(String uri, String name) {
        return new Cluster(Hub.redisCluster(Objects.requireNonNull(uri, "uri"), named(name)));
    }

    private static String named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a cluster name must not be blank");
        }
        return name;
    }

    /**
     * The cluster's name: servers hear each other when they use the same one on the same Redis.
     *
     * @return the name
     */
    public String name() {
        return hub.name();
    }

    /**
     * False while the bus cannot reach Redis.
     *
     * @return whether the bus is connected
     */
    public boolean connected() {
        return hub.connected();
    }

    /**
     * How many servers of the cluster this process has heard of lately (every server says so
     * every two seconds and when it starts), its own started ones included.
     *
     * @return the number of servers heard of
     */
    public int servers() {
        return hub.members();
    }

    /**
     * What the bus did since it was made: messages published, received, malformed and dropped.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        long[] counters = hub.counters();
        return new Stats(counters[0], counters[1], counters[2], counters[3]);
    }

    /** Closes the bus's connections; servers still using it are alone from then on. */
    @Override
    public void close() {
        hub.close();
    }

    @Override
    public String toString() {
        return "Cluster[" + name() + ", " + servers() + " servers" + (connected() ? "" : ", disconnected") + "]";
    }
}
