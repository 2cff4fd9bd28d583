package io.simples.session;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The default {@link Store}: sessions in this process's memory. Expired sessions are never
 * returned, and a background sweep (every minute by default) frees them, so memory stays flat
 * however many short-lived sessions come and go.
 *
 * <p>It keeps the values you put, not copies of them: nothing is encoded. Every write builds a
 * new map for the id inside one atomic step of a {@code ConcurrentHashMap}, so
 * {@link #apply} is atomic per id and maps handed out by {@link #get} never change.
 * {@link #close()} stops the sweep; the store still answers afterwards.
 */
public final class MemoryStore implements Store, AutoCloseable {

    /** How often the background sweep runs unless told otherwise. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private record Entry(Map<String, Object> data, long expiresAt) {
    }

    /** A session id as the store keeps it: 32 lower-case hex characters (every id {@link Session} makes) as two longs. */
    private record HexId(long high, long low) {
    }

    /** By {@link #key(String)}: an id as two longs where it can be, else as given. */
    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ScheduledFuture<?> sweep;

    /** A store swept every minute. */
    public MemoryStore() {
        this(DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * A store swept every {@code sweepInterval}.
     *
     * @param sweepInterval how often expired sessions are freed
     */
    public MemoryStore(Duration sweepInterval) {
        this(sweepInterval, Clock.systemUTC());
    }

    MemoryStore(Duration sweepInterval, Clock clock) {
        this.clock = clock;
        this.sweep = Sweeper.every(sweepInterval, this, MemoryStore::sweep);
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        Entry entry = entries.get(key(id));
        if (entry == null || expired(entry, clock.millis())) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(entry.data());
    }

    /** The version is the stored map itself: every write makes a new one, and an update keeps it. */
    @Override
    public CompletableFuture<Stored> getNewer(String id, Object version) {
        Entry entry = entries.get(key(id));
        if (entry == null || expired(entry, clock.millis())) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Object> data = entry.data();
        return CompletableFuture.completedFuture(data == version ? Stored.unchanged(version) : new Stored(data, data));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        entries.put(key(id), new Entry(SessionChanges.frozenCopy(data), expiry(clock.millis(), timeout)));
        return done();
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        entries.remove(key(id));
        return done();
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        long now = clock.millis();
        entries.computeIfPresent(key(id), (key, entry) ->
                expired(entry, now) ? null : new Entry(entry.data(), expiry(now, timeout)));
        return done();
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        long now = clock.millis();
        entries.compute(key(id), (key, entry) -> {
            Map<String, Object> stored = entry == null || expired(entry, now) ? Map.of() : entry.data();
            if (changes.removals().isEmpty() && changes.puts().keySet().containsAll(stored.keySet())) {
                // every stored key is rewritten (a session of one key, say): the changes' frozen puts are the new data
                return new Entry(changes.puts(), expiry(now, timeout));
            }
            Map<String, Object> merged = new HashMap<>(stored);
            changes.applyTo(merged);
            return new Entry(SessionChanges.frozenCopy(merged), expiry(now, timeout));
        });
        return done();
    }

    /**
     * How many live sessions the store holds.
     *
     * @return the number of sessions not yet expired
     */
    public int size() {
        long now = clock.millis();
        return (int) entries.values().stream().filter(entry -> entry.expiresAt() > now).count();
    }

    /** How many entries the store holds, expired ones not yet swept included. */
    int entryCount() {
        return entries.size();
    }

    /** Removes every expired session now; the background sweep calls it. */
    void sweep() {
        long now = clock.millis();
        entries.values().removeIf(entry -> entry.expiresAt() <= now);
    }

    /** Stops the background sweep. */
    @Override
    public void close() {
        sweep.cancel(false);
    }

    /** Each call reads the clock once and hands {@code now} to these (a clock read is not free). */
    private static boolean expired(Entry entry, long now) {
        return entry.expiresAt() <= now;
    }

    private static long expiry(long now, Duration timeout) {
        return now + timeout.toMillis();
    }

    /**
     * The key of {@code id} in the table: a {@link HexId} (32 bytes) for the ids sessions make,
     * rather than their 72-byte string; any other id as it is.
     */
    private static Object key(String id) {
        if (id.length() != 32) {
            return id;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return id;
            }
        }
        return new HexId(HexFormat.fromHexDigitsToLong(id, 0, 16), HexFormat.fromHexDigitsToLong(id, 16, 32));
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String toString() {
        return "MemoryStore[" + entries.size() + " entries]";
    }
}
