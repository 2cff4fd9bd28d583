package io.simples.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where sessions live between connections: a tiny asynchronous key-value contract keyed by
 * session id.
 *
 * <p>Every implementation guarantees:
 * <ul>
 *   <li>{@link #get} completes with {@code null} for an id it does not hold or whose expiration
 *       has passed, never with stale data;</li>
 *   <li>{@link #set}, {@link #apply} and {@link #update} make the entry live for {@code timeout}
 *       from now (the expiration moves forward on every write);</li>
 *   <li>a failure completes the returned future exceptionally; no method throws, blocks its
 *       caller on I/O, or returns a {@code null} future;</li>
 *   <li>it never calls back into a {@link Session}: it sees only ids and plain maps.</li>
 * </ul>
 *
 * <p>{@link #apply} is what makes concurrent saves safe: a {@link Session} saves only the keys
 * that changed since it was loaded, and a store applies that change set atomically. The default
 * reads, merges and writes back, which is atomic only if nothing else writes the same id in
 * between; {@link MemoryStore}, {@link FileStore}, {@link RedisStore} and stores made by
 * {@link #of} override it so that holders changing different keys never erase each other's work.
 *
 * <p>The provided stores: {@link MemoryStore} (the default; one process), {@link FileStore}
 * (survives a restart) and {@link RedisStore} (shared by several processes).
 */
public interface Store {

    /** The session id the default {@link #ping()} reads: valid, and never given to a session (ids are random). */
    String PING_ID = "00000000000000000000000000000000";

    /**
     * The data stored under {@code id}, or {@code null} when there is none or it expired.
     *
     * @param id the session id
     * @return a future of the stored data, or of {@code null}
     */
    CompletableFuture<Map<String, Object>> get(String id);

    /**
     * The data stored under {@code id} unless it is still at {@code version}, a
     * {@link Stored#version()} this store gave before (then a {@link Stored#unchanged} answer,
     * without data); {@code null} when nothing is stored. This is how a session kept in memory
     * learns of what others wrote (other processes on one Redis, other servers on one store),
     * in one step. The default reads everything and gives no version; {@link MemoryStore} and
     * {@link RedisStore} answer "unchanged" without reading or sending the data.
     *
     * @param id the session id
     * @param version the version the caller already has, or {@code null} to read everything
     * @return a future of what was found, or of {@code null} when nothing is stored
     */
    default CompletableFuture<Stored> getNewer(String id, Object version) {
        CompletableFuture<Map<String, Object>> read = get(id);
        return read == null ? null // passed on as it came, so that the caller names the broken store
                : read.thenApply(data -> data == null ? null : new Stored(data, null));
    }

    /**
     * Replaces whatever is stored under {@code id} with {@code data}, live for {@code timeout}.
     *
     * @param id the session id
     * @param data the whole session
     * @param timeout how long the entry lives from now
     * @return a future that completes when the data is stored
     */
    CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout);

    /**
     * Removes {@code id}; completes normally when there was nothing to remove.
     *
     * @param id the session id
     * @return a future that completes when the entry is gone
     */
    CompletableFuture<Void> remove(String id);

    /**
     * Moves the expiration of {@code id} to {@code timeout} from now, if it is still stored.
     * The default reads and writes the data back; stores override it with something cheaper.
     *
     * @param id the session id
     * @param timeout how long the entry lives from now
     * @return a future that completes when the expiration has moved, or there was nothing to move
     */
    default CompletableFuture<Void> update(String id, Duration timeout) {
        return get(id).thenCompose(data ->
                data == null ? CompletableFuture.completedFuture(null) : set(id, data, timeout));
    }

    /**
     * Applies a change set to {@code id} — its puts and removals, nothing else — and makes it
     * live for {@code timeout}. An id that is not stored starts from an empty map. The default is
     * get, merge, set; override it to make it atomic.
     *
     * @param id the session id
     * @param changes the keys to put and to remove
     * @param timeout how long the entry lives from now
     * @return a future that completes when the changes are stored
     */
    default CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return get(id).thenCompose(data -> set(id, changes.appliedTo(data), timeout));
    }

    /**
     * Whether the store answers now: a readiness probe asks it, often, so it must be cheap. The
     * default reads a session id that is never given out (all zeros); {@link RedisStore} sends {@code PING},
     * {@link FileStore} checks that its directory is still a writable directory.
     *
     * @return a future that completes when the store answered, exceptionally when it cannot
     */
    default CompletableFuture<Void> ping() {
        return get(PING_ID).thenApply(data -> null);
    }

    /**
     * A store from three lambdas; {@code update} reads and writes back, and {@code apply} is
     * made atomic within this store by running the operations on one id one after another.
     *
     * @param get reads a session
     * @param set replaces a session
     * @param remove removes a session
     * @return a store made of the three
     * @throws NullPointerException naming the missing lambda
     */
    static Store of(Getter get, Setter set, Remover remove) {
        return new LambdaStore(get, set, remove, null);
    }

    /**
     * A store from four lambdas; see {@link #of(Getter, Setter, Remover)}. {@code update} spares
     * the read and write back that {@link #update} otherwise costs.
     *
     * @param get reads a session
     * @param set replaces a session
     * @param remove removes a session
     * @param update moves a session's expiration, or {@code null} to read and write back
     * @return a store made of the four
     * @throws NullPointerException naming the missing lambda
     */
    static Store of(Getter get, Setter set, Remover remove, Updater update) {
        return new LambdaStore(get, set, remove, update);
    }

    /** The {@link #get} of a store made by {@link #of}. */
    @FunctionalInterface
    interface Getter {
        /**
         * Reads a session; see {@link Store#get}.
         *
         * @param id the session id
         * @return a future of the stored data, or of {@code null} when there is none or it expired
         */
        CompletableFuture<Map<String, Object>> get(String id);
    }

    /** The {@link #set} of a store made by {@link #of}. */
    @FunctionalInterface
    interface Setter {
        /**
         * Replaces a session; see {@link Store#set}.
         *
         * @param id the session id
         * @param data the whole session
         * @param timeout how long the entry lives from now
         * @return a future that completes when the data is stored
         */
        CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout);
    }

    /** The {@link #remove} of a store made by {@link #of}. */
    @FunctionalInterface
    interface Remover {
        /**
         * Removes a session; see {@link Store#remove}.
         *
         * @param id the session id
         * @return a future that completes when the entry is gone
         */
        CompletableFuture<Void> remove(String id);
    }

    /** The {@link #update} of a store made by {@link #of}. */
    @FunctionalInterface
    interface Updater {
        /**
         * Moves a session's expiration; see {@link Store#update}.
         *
         * @param id the session id
         * @param timeout how long the entry lives from now
         * @return a future that completes when the expiration has moved
         */
        CompletableFuture<Void> update(String id, Duration timeout);
    }
}
