package io.simples.session;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.simples.session.internal.RedisClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} in Redis, so that several server processes behind a load balancer share their
 * users' sessions. Built on Lettuce's asynchronous API over one shared connection.
 *
 * <p>A session is one Redis hash under {@code <prefix><id>} with a TTL equal to its timeout:
 * the field {@code #} marks that it exists (so an empty session is still stored) and each value
 * is the field {@code $<key>} holding the value as JSON (see {@link Session} for what comes
 * back). {@link #set} and {@link #apply} run as one Lua script each — HSET, HDEL and PEXPIRE
 * applied atomically on the server — so processes that change different keys of one session
 * never erase each other's work; each write also moves the session's revision (kept in
 * {@code #}), so {@link #getNewer} tells in one round trip whether another process wrote.
 * {@link #update} is a PEXPIRE; {@link #get} an HGETALL.
 *
 * <p>Commands time out after {@link #COMMAND_TIMEOUT} (or the timeout given) and fail at once while the connection is
 * down (Lettuce reconnects in the background, at most half a second apart), so a Redis outage
 * gives failed futures, never a hang, and its end is noticed within about half a second. {@link #close()} closes the connection and the client.
 */
public final class RedisStore implements Store, AutoCloseable {

    /** The key prefix unless told otherwise. */
    public static final String DEFAULT_PREFIX = "simples:session:";
    /**
     * How long one command may take before its future fails unless told otherwise: 2 s, a
     * thousand times what Redis normally takes, and short enough that a response waiting for two
     * attempts at a save stays within its 5 s save timeout.
     */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Reconnection after an outage: from 10 ms, doubling, but never more than 500 ms apart, so
     * requests succeed again within about half a second of Redis answering, however long it was
     * away (Lettuce's own delay grows to 30 s). A lost connection tried twice a second costs Redis
     * nothing.
     */
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final String EXISTS = "#";
    private static final String VALUE = "$";
    /** KEYS[1] the hash; ARGV: ttl ms, replace (1/0), number of puts, put pairs, removed fields. */
    private static final String WRITE = """
            local key = KEYS[1]
            local revision = redis.call('HGET', key, '#')
            if revision then
              revision = tonumber(revision) + 1
            else
              local now = redis.call('TIME')
              revision = tonumber(now[1]) * 1000000 + tonumber(now[2])
            end
            if ARGV[2] == '1' then redis.call('DEL', key) end
            redis.call('HSET', key, '#', string.format('%.0f', revision))
            local i = 4
            for _ = 1, tonumber(ARGV[3]) do
              redis.call('HSET', key, ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            for j = i, #ARGV do redis.call('HDEL', key, ARGV[j]) end
            redis.call('PEXPIRE', key, ARGV[1])
            return 1
            """;

    /** KEYS[1] the hash; ARGV[1] the revision the caller has. Nothing, the revision alone, or everything. */
    private static final String READ_NEWER = """
            local revision = redis.call('HGET', KEYS[1], '#')
            if not revision then return false end
            if revision == ARGV[1] then return {revision} end
            return redis.call('HGETALL', KEYS[1])
            """;

    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Replication replication;
    private final String prefix;
    private final String writeDigest;
    private final String readDigest;
    private volatile int replicas; // a save waits for this many replicas (WAIT); 0: it does not
    private volatile long replicaWait; // ms
    /**
     * Where this store's futures complete, in the order Redis answered: decoding a session and
     * whatever the caller chains (a session's merge) never run on Lettuce's I/O thread, whose
     * command timeouts would otherwise count that work. A big session read by many requests at
     * once kept that thread busy past the 2 s timeout (two servers, 400 concurrent writes to one
     * session: commands timed out in 3 runs of 7).
     */
    private final ExecutorService completions = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simples-redis-store");
        thread.setDaemon(true);
        return thread;
    });

    /** How a save waits for replicas: {@code WAIT} on the connection that wrote {@code key}. */
    @FunctionalInterface
    private interface Replication {
        CompletableFuture<Long> await(String key, int replicas, long millis);
    }

    private RedisStore(AbstractRedisClient client, ClientResources resources, StatefulConnection<String, String> connection,
                       RedisClusterAsyncCommands<String, String> redis, Replication replication, String prefix) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.redis = redis;
        this.replication = replication;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.writeDigest = redis.digest(WRITE);
        this.readDigest = redis.digest(READ_NEWER);
    }

    /** Opens the connection; on failure shuts the client and its resources down. */
    private static <C> C open(AbstractRedisClient client, ClientResources resources, java.util.function.Supplier<C> connect) {
        try {
            return connect.get();
        } catch (RuntimeException e) {
            RedisClients.shutdown(client, resources);
            throw e;
        }
    }

    /**
     * Connects to the Redis at {@code uri} (like {@code redis://127.0.0.1:6379}) with the default prefix.
     *
     * @param uri the Redis URI
     * @return a store connected to that Redis
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisStore connect(String uri) {
        return connect(uri, DEFAULT_PREFIX);
    }

    /**
     * Connects to the Redis at {@code uri}, keeping sessions under keys that start with
     * {@code prefix}.
     *
     * @param uri the Redis URI
     * @param prefix the start of every key this store writes
     * @return a store connected to that Redis
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisStore connect(String uri, String prefix) {
        return connect(uri, prefix, COMMAND_TIMEOUT);
    }

    /**
     * Connects to the Redis at {@code uri}, keeping sessions under {@code prefix}, failing a
     * command that takes longer than {@code commandTimeout}.
     *
     * @param uri the Redis URI
     * @param prefix the start of every key this store writes
     * @param commandTimeout how long one command may take before its future fails
     * @return a store connected to that Redis
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisStore connect(String uri, String prefix, Duration commandTimeout) {
        ClientResources resources = RedisClients.resources();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> connection = open(client, resources, client::connect);
        RedisAsyncCommands<String, String> redis = connection.async();
        return new RedisStore(client, resources, connection, redis,
                (key, replicas, millis) -> redis.waitForReplication(replicas, millis).toCompletableFuture(), prefix);
    }

    /**
     * Connects to the Redis Cluster that the node at {@code uri} belongs to (Lettuce finds the
     * others), with the default prefix. A session is one key, so one slot: its scripts run where
     * its slot lives. After a failover the client learns the new topology by itself (adaptive
     * refresh on the errors a moved or dead master gives, and every 5 s). A command to a node whose
     * connection is (re)connecting waits for it, within the command timeout, instead of failing at
     * once: Lettuce connects to a cluster's nodes as they are first needed.
     *
     * @param uri the URI of any node of the cluster
     * @return a store connected to that cluster
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public static RedisStore connectCluster(String uri) {
        return connectCluster(uri, DEFAULT_PREFIX, COMMAND_TIMEOUT);
    }

    /**
     * Connects to the Redis Cluster that the node at {@code uri} belongs to, keeping sessions
     * under {@code prefix}, failing a command that takes longer than {@code commandTimeout}.
     *
     * @param uri the URI of any node of the cluster
     * @param prefix the start of every key this store writes
     * @param commandTimeout how long one command may take before its future fails
     * @return a store connected to that cluster
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public static RedisStore connectCluster(String uri, String prefix, Duration commandTimeout) {
        ClientResources resources = RedisClients.resources();
        RedisClusterClient client = RedisClusterClient.create(resources, uri);
        client.setOptions(RedisClients.clusterOptions(commandTimeout).build());
        StatefulRedisClusterConnection<String, String> connection = open(client, resources, client::connect);
        // WAIT counts what this connection wrote: it must go on the node connection that carried the write
        Replication replication = (key, replicas, millis) -> {
            RedisClusterNode master = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
            if (master == null) {
                return CompletableFuture.failedFuture(new io.lettuce.core.RedisException("no master serves the slot of " + key));
            }
            return connection.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort())
                    .thenCompose(node -> node.async().waitForReplication(replicas, millis).toCompletableFuture());
        };
        return new RedisStore(client, resources, connection, connection.async(), replication, prefix);
    }

    /**
     * Makes every save wait until {@code count} replicas have it (Redis {@code WAIT}) before it
     * completes, at most {@code timeout}; a save that fewer replicas confirm in time fails, which
     * a response answers as it answers any failed save: 503 with {@code Retry-After}. Redis
     * replicates asynchronously: without this, a save the old master acknowledged can vanish when
     * a replica takes over (Sentinel, Redis Cluster); with it, a save that succeeded is on
     * {@code count} replicas, and a failover that promotes one of them keeps it. {@code WAIT}
     * holds this store's one connection while it waits, so keep {@code timeout} short (well under
     * the command timeout); {@code 0} turns it off (the default).
     *
     * @param count how many replicas must confirm a save, 0 for none
     * @param timeout how long a save waits for them
     * @return this store, for chaining
     * @throws IllegalArgumentException when {@code count} is negative, or {@code timeout} is not positive
     */
    public RedisStore replicas(int count, Duration timeout) {
        if (count < 0 || Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("replicas wants a count of 0 or more and a positive timeout, got "
                    + count + " and " + timeout);
        }
        replicaWait = timeout.toMillis();
        replicas = count;
        return this;
    }

    /**
     * The prefix of every key this store writes.
     *
     * @return the key prefix
     */
    public String prefix() {
        return prefix;
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        String key = key(id);
        return handOff(redis.hgetall(key).toCompletableFuture()).thenApply(hash ->
                hash == null || !hash.containsKey(EXISTS) ? null : decode(key, hash));
    }

    /**
     * One script, one round trip: nothing when the session is gone, its revision alone when it is
     * still at {@code version}, the whole hash otherwise. The revision (the {@code #} field) grows
     * with every write of any process.
     */
    @Override
    public CompletableFuture<Stored> getNewer(String id, Object version) {
        String key = key(id);
        String[] keys = {key};
        String[] args = {version == null ? "" : version.toString()};
        return handOff(this.<Object>script(readDigest, READ_NEWER, ScriptOutputType.MULTI, keys, args)).thenApply(reply -> {
            List<?> found = (List<?>) reply;
            if (found == null || found.isEmpty() || found.get(0) == null) {
                return null; // the script's false: nothing stored
            }
            if (found.size() == 1) {
                return Stored.unchanged(String.valueOf(found.get(0)));
            }
            Map<String, String> hash = new HashMap<>();
            for (int i = 0; i + 1 < found.size(); i += 2) {
                hash.put(String.valueOf(found.get(i)), String.valueOf(found.get(i + 1)));
            }
            return new Stored(decode(key, hash), hash.get(EXISTS));
        });
    }

    private static Map<String, Object> decode(String key, Map<String, String> hash) {
        Map<String, Object> data = new HashMap<>();
        hash.forEach((field, json) -> {
            if (field.startsWith(VALUE)) {
                String name = field.substring(VALUE.length());
                try {
                    data.put(name, SessionCodec.decodeText(json));
                } catch (RuntimeException e) {
                    LOG.warn("session {} value '{}' is not JSON ({}); dropping it", key, name, e.getMessage());
                }
            }
        });
        return data;
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return write(id, true, new SessionChanges(data, Set.of()), timeout);
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return handOff(redis.del(key(id)).toCompletableFuture()).thenApply(count -> null);
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        return handOff(redis.pexpire(key(id), timeout.toMillis()).toCompletableFuture()).thenApply(done -> null);
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return write(id, false, changes, timeout);
    }

    /** Sends {@code PING}: fails while Redis is unreachable, as every command does. */
    @Override
    public CompletableFuture<Void> ping() {
        return handOff(redis.ping().toCompletableFuture()).thenApply(pong -> null);
    }

    /** Closes the connection and shuts the client down. */
    @Override
    public void close() {
        connection.close();
        RedisClients.shutdown(client, resources);
        completions.shutdown();
    }

    /** The same outcome as {@code io}, completed on {@link #completions}, in the order {@code io}s complete. */
    private <T> CompletableFuture<T> handOff(CompletableFuture<T> io) {
        CompletableFuture<T> result = new CompletableFuture<>();
        io.whenComplete((value, failure) -> {
            Runnable complete = () -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
            };
            try {
                completions.execute(complete);
            } catch (RejectedExecutionException closed) {
                complete.run(); // the store was closed: nothing else is ordered against this
            }
        });
        return result;
    }

    private CompletableFuture<Void> write(String id, boolean replace, SessionChanges changes, Duration timeout) {
        String[] keys = {key(id)};
        String[] args;
        try {
            args = writeArguments(replace, changes, timeout);
        } catch (SessionEncodingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Object> written = script(writeDigest, WRITE, ScriptOutputType.INTEGER, keys, args);
        int wanted = replicas;
        if (wanted > 0) {
            long wait = replicaWait;
            written = written.thenCompose(done -> replication.await(keys[0], wanted, wait)
                    .thenApply(confirmed -> {
                        if (confirmed < wanted) {
                            throw new CompletionException(new io.lettuce.core.RedisException("only " + confirmed + " of "
                                    + wanted + " replicas confirmed the save of " + keys[0] + " within " + wait + " ms"));
                        }
                        return confirmed;
                    }));
        }
        return handOff(written).thenApply(ignored -> null);
    }

    private <T> CompletableFuture<T> script(String digest, String source, ScriptOutputType type, String[] keys, String[] args) {
        return RedisClients.script(redis, digest, source, type, keys, args);
    }

    /** Encodes every value before anything is sent, so a bad value leaves the store untouched. */
    private static String[] writeArguments(boolean replace, SessionChanges changes, Duration timeout) {
        List<String> args = new ArrayList<>(3 + 2 * changes.puts().size() + changes.removals().size());
        args.add(Long.toString(Math.max(1, timeout.toMillis())));
        args.add(replace ? "1" : "0");
        args.add(Integer.toString(changes.puts().size()));
        changes.puts().forEach((key, value) -> {
            args.add(VALUE + key);
            args.add(SessionCodec.encodeText(key, value));
        });
        changes.removals().forEach(key -> args.add(VALUE + key));
        return args.toArray(String[]::new);
    }

    private String key(String id) {
        return prefix + id;
    }

    @Override
    public String toString() {
        return "RedisStore[" + prefix + "]";
    }
}
