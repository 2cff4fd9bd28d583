package io.simples.session;

import io.simples.session.internal.SessionEvents;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The data a user's connections share: a thread-safe {@code Map<String, Object>} with an id, kept
 * in a {@link Store} between connections.
 *
 * <p>With sessions enabled, every HTTP and WebSocket connection of a user holds the same
 * session: it is loaded when a connection opens and saved when it closes. Any call that adds,
 * modifies or removes an entry — {@code put} (even of the same value: that is how you tell the
 * session that a mutable value inside it changed), {@code remove}, {@code clear},
 * {@code compute*}, {@code merge}, removal through the views and their iterators,
 * {@code Map.Entry.setValue} — marks the session {@link #changed()}, and only changed sessions
 * are written. Conditional calls ({@code putIfAbsent}, {@code replace}, {@code remove(key, value)})
 * mark it only when they take effect. {@code null} values are allowed; {@code null} keys are not.
 *
 * <p><b>Key-level saves.</b> The session remembers which keys changed since it was loaded, and
 * {@link #save()} hands the store just those ({@link Store#apply}); so two holders of one session
 * that change different keys, in one process or several, never erase each other's work. Only
 * {@link #clear()} and {@link #generate()} rewrite the whole session ({@link Store#set}).
 *
 * <p><b>Values.</b> {@link MemoryStore} keeps the objects you put. Stores that leave the process
 * ({@link FileStore}, {@link RedisStore}) encode each value as JSON with Jackson: strings,
 * numbers, booleans, {@code null}, lists and maps come back as they were (as {@code ArrayList}
 * and {@code LinkedHashMap}); records and other objects come back as maps, and
 * {@link #get(String, Class)} turns them back into their type. A value that cannot be encoded
 * fails {@link #save()} with a {@link SessionEncodingException} naming its key, and nothing of
 * that save is written.
 *
 * <p><b>Threading.</b> Entries live in a {@code ConcurrentHashMap}: reads and writes from any
 * thread are safe and iteration never throws {@code ConcurrentModificationException}. Functions
 * given to {@code compute*} and {@code merge} run while that key is locked and must not touch the
 * session. One private lock makes the id, the entries and the change marks swap together in
 * {@link #load()}, {@link #generate()} and {@link #destroy()}; it is held only for those
 * in-memory swaps and never while a {@link Store} future is pending.
 *
 * <p>What runs on which thread, for the whole framework: the "Threads" section of
 * {@code docs/ARCHITECTURE.md} in the source repository.
 */
public final class Session extends AbstractMap<String, Object> {

    /**
     * Hears the changes of a session that its holders must know of: a new id ({@link #generate()}),
     * its end ({@link #destroy()}) and values written by a holder. Called on the thread that made
     * the change, after it was made in memory; in a cluster, also when another server made it.
     */
    public interface Listener {
        /**
         * The session moved from {@code oldId} to its new {@link #id()}.
         *
         * @param session the session, already under its new id
         * @param oldId the id it had before
         */
        default void generated(Session session, String oldId) {
        }

        /**
         * The session was destroyed.
         *
         * @param session the session, already emptied
         */
        default void destroyed(Session session) {
        }

        /**
         * The values of {@code keys} were written: a {@link #save()} of this object reached the
         * store with them, or {@link #sync()} brought in what another holder wrote (another server
         * of the cluster, say). Called after the values are in this object.
         *
         * @param session the session
         * @param keys the keys written, removed ones included
         */
        default void changed(Session session, Set<String> keys) {
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    /** How many times a {@link #sync} reads the store when its own saves keep landing during the read. */
    private static final int SYNC_READS = 3;

    private final Store store;
    private final Duration timeout;
    private final SessionEntries entries = new SessionEntries();
    private final Object lock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile String id;
    private volatile long expiresAt; // epoch milliseconds
    private volatile boolean stored; // the store holds this id: read from it or written to it
    private volatile Object version; // the store's version this session reflects (Store.getNewer), or null
    private volatile long epoch; // moves on load, generate and destroy: a read taken before one is stale
    private volatile SessionEvents.Publisher publisher = SessionEvents.NOBODY; // the cluster's ear, if any

    static {
        SessionEvents.install(new SessionEvents.Access() {
            @Override
            public void publishTo(Session session, SessionEvents.Publisher publisher) {
                session.publisher = Objects.requireNonNull(publisher, "publisher");
            }

            @Override
            public void destroyedElsewhere(Session session, String id) {
                session.end(id);
            }

            @Override
            public void movedElsewhere(Session session, String oldId, String newId) {
                session.move(oldId, newId);
            }
        });
    }

    private Session(Store store, String id, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("session timeout must be positive, got " + timeout);
        }
        this.id = id;
    }

    /**
     * A new, empty session with a fresh id, marked changed so that its first save writes it.
     *
     * @param store where the session is saved
     * @param timeout how long the session lives in the store after its last save or update
     * @return the new session
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public static Session create(Store store, Duration timeout) {
        Session session = new Session(store, newId(), timeout);
        session.entries.markWhole();
        session.touch();
        return session;
    }

    /**
     * The session stored under {@code id}; a fresh one (see {@link #create}) when {@code id} is
     * not a well-formed id — without asking the store — or when the store does not hold it.
     *
     * @param store where the session is read and saved
     * @param id the id to look up, from a cookie say; may be {@code null}
     * @param timeout how long the session lives in the store after its last save or update
     * @return a future of the session, failed when the store fails
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public static CompletableFuture<Session> load(Store store, String id, Duration timeout) {
        if (!isValidId(id)) {
            return CompletableFuture.completedFuture(create(store, timeout));
        }
        return new Session(store, id, timeout).load();
    }

    /**
     * True when {@code candidate} has the form of a session id: 32 lower-case hex characters.
     *
     * @param candidate the string to check; may be {@code null}
     * @return whether it is a well-formed id
     */
    public static boolean isValidId(String candidate) {
        if (candidate == null || candidate.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) { // checked per request: a loop, not a regular expression
            char c = candidate.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * This session's id: 128 random bits from {@code SecureRandom} as 32 lower-case hex characters.
     *
     * @return the current id
     */
    public String id() {
        return id;
    }

    /**
     * True while the store has never held this session under its current id: it was created,
     * {@link #load()} found nothing under its id, or {@link #generate()} moved it, and no
     * {@link #save()} has written it since. The framework neither sends the cookie of a new
     * session that holds nothing nor writes it to the store: no client could come back to it.
     *
     * @return whether the store has not held this session under its current id
     */
    public boolean isNew() {
        return !stored;
    }

    /**
     * True when an entry was added, modified or removed since the session was loaded or saved.
     *
     * @return whether there are unsaved changes
     */
    public boolean changed() {
        return entries.changed();
    }

    /**
     * How long the session lives in its store after its last save or update.
     *
     * @return the timeout given when the session was created or loaded
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * When the session expires unless it is saved or updated before.
     *
     * @return the instant it expires
     */
    public Instant expiration() {
        return Instant.ofEpochMilli(expiresAt);
    }

    /**
     * Adds a listener of this session's new ids, end and written values.
     *
     * @param listener the listener to add
     * @throws NullPointerException when {@code listener} is {@code null}
     */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added before.
     *
     * @param listener the listener to remove; nothing happens when it was not added
     */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * The store behind this session.
     *
     * @return the store it is loaded from and saved to
     */
    public Store store() {
        return store;
    }

    /**
     * (Re)loads the data stored under this id, dropping unsaved changes. When the store does not
     * hold the id (unknown or expired), the session becomes a fresh one under a new id.
     *
     * @return a future of this session, failed when the store fails
     */
    public CompletableFuture<Session> load() {
        String loading = id;
        return call(() -> store.getNewer(loading, null)).thenApply(found -> {
            Map<String, Object> data = found == null ? null : found.data();
            boolean renewed;
            synchronized (lock) {
                if (!loading.equals(id)) {
                    return this; // generate() or another load moved the session meanwhile
                }
                entries.reset();
                epoch++;
                renewed = data == null;
                if (renewed) {
                    id = newId();
                    entries.markWhole();
                } else {
                    entries.fill(data);
                }
                version = renewed ? null : found.version();
                stored = !renewed;
                touch();
            }
            if (renewed) {
                listeners.forEach(listener -> listener.generated(this, loading));
            }
            return this;
        });
    }

    /**
     * Writes the changes to the store: the changed keys ({@link Store#apply}) or, after
     * {@code clear()} or {@code generate()}, the whole session ({@link Store#set}). An unchanged
     * session is {@link #update() updated} instead. When the write fails, the changes stay marked,
     * so a later save retries them.
     *
     * @return a future of this session, failed when the write fails
     */
    public CompletableFuture<Session> save() {
        String saving;
        ChangeTracker.Taken taken;
        synchronized (lock) {
            saving = id;
            taken = entries.take();
        }
        if (taken.isEmpty()) {
            return update();
        }
        CompletableFuture<Void> write = taken.whole()
                ? call(() -> store.set(saving, entries.snapshot(), timeout))
                : call(() -> store.apply(saving, entries.changesOf(taken.keys()), timeout));
        return write.handle((ignored, failure) -> {
            version = null; // what the store holds now, with whatever others wrote: read it all at the next sync
            entries.landed(taken);
            if (failure != null) {
                entries.restore(taken);
                throw new CompletionException(unwrap(failure));
            }
            touch();
            synchronized (lock) {
                stored |= saving.equals(id); // not when generate() moved it meanwhile
            }
            publisher.saved(saving);
            tell(taken.whole() ? entries.keys() : taken.keys());
            return this;
        });
    }

    /**
     * Removes the session from its store and empties it here; it keeps its id.
     *
     * @return a future that completes when the store has removed it
     */
    public CompletableFuture<Void> destroy() {
        String destroyed = end(null);
        return call(() -> store.remove(destroyed)).thenApply(removed -> {
            publisher.destroyed(destroyed);
            return removed;
        });
    }

    /**
     * Empties the session in memory and tells its listeners, when its id is still {@code ending}
     * ({@code null}: whatever it is). Returns the id it ended, or {@code null}.
     */
    private String end(String ending) {
        String ended;
        synchronized (lock) {
            if (ending != null && !ending.equals(id)) {
                return null;
            }
            ended = id;
            entries.reset();
            version = null;
            epoch++;
        }
        listeners.forEach(listener -> listener.destroyed(this));
        return ended;
    }

    /**
     * Moves the data to a new id and marks the session changed, so the next save writes it
     * whole; the old id is removed from the store. Call it on login, against session fixation.
     *
     * @return a future of this session that completes when the old id is removed from the store
     */
    public CompletableFuture<Session> generate() {
        String old;
        synchronized (lock) {
            old = id;
            id = newId();
            stored = false;
            version = null;
            epoch++;
            entries.markWhole();
            touch();
        }
        publisher.moved(old, id);
        listeners.forEach(listener -> listener.generated(this, old));
        return call(() -> store.remove(old)).thenApply(ignored -> this);
    }

    /**
     * Another holder moved the session from {@code from} to {@code to}, and writes it there before
     * any client learns the new id: this copy follows, keeps its data and unsaved changes, and
     * reads everything at its next sync.
     */
    private void move(String from, String to) {
        synchronized (lock) {
            if (!from.equals(id)) {
                return;
            }
            id = to;
            stored = true;
            version = null;
            epoch++;
        }
        listeners.forEach(listener -> listener.generated(this, from));
    }

    /**
     * Moves the expiration forward by the timeout, here and in the store.
     *
     * @return a future of this session, failed when the store fails
     */
    public CompletableFuture<Session> update() {
        String updating = id;
        return call(() -> store.update(updating, timeout)).thenApply(ignored -> {
            touch();
            return this;
        });
    }

    /**
     * Brings this session up to date with its store, for a holder that kept it in memory while
     * others may have written (another process on one Redis, another server on one store): it
     * takes every key the store holds newer and drops every key the store no longer holds, but
     * keeps this session's own changes, those still unsaved and those a save is carrying. It first
     * waits for this session's saves on their way, then reads once ({@link Store#getNewer}: no
     * data at all when the store can tell nothing changed). A session the store no longer holds
     * (destroyed elsewhere, or expired) keeps only its own changes and becomes {@link #isNew new}.
     *
     * @return a future of this session, up to date; completed at once for a {@link #isNew new} session
     */
    public CompletableFuture<Session> sync() {
        return sync(SYNC_READS);
    }

    private CompletableFuture<Session> sync(int reads) {
        if (!stored) {
            return CompletableFuture.completedFuture(this);
        }
        return entries.whenLanded().thenCompose(ignored -> {
            String syncing;
            long seen;
            long landings;
            synchronized (lock) {
                syncing = id;
                seen = epoch;
                landings = entries.landings();
            }
            Object known = version;
            return call(() -> store.getNewer(syncing, known)).thenCompose(found ->
                    refresh(syncing, seen, landings, found) || reads == 1
                            ? CompletableFuture.completedFuture(this)
                            : sync(reads - 1)); // a save of ours landed during the read: the read may predate it
        });
    }

    /**
     * Lays what the store holds over the entries, key by key, inside the map's lock of each key.
     * False when a save of this session landed after the read began: the read may lack what that
     * save wrote, so from then on no key is taken from it (those taken before were not being
     * saved), and the caller reads again.
     */
    private boolean refresh(String syncing, long seen, long landings, Stored found) {
        if (found != null && found.isUnchanged()) {
            return true;
        }
        Set<String> changedKeys;
        boolean current;
        synchronized (lock) {
            if (!syncing.equals(id) || seen != epoch) {
                return true; // a load, generate() or destroy() came after the read: it is stale, and moot
            }
            changedKeys = entries.overlay(found == null ? Map.of() : found.data(), landings);
            current = entries.landings() == landings;
            if (current) { // a version read before our last save would hide that save's keys from the next sync
                version = found == null ? null : found.version();
                stored = found != null;
            }
        }
        if (!changedKeys.isEmpty()) {
            tell(Set.copyOf(changedKeys));
        }
        return current;
    }

    private void tell(Set<String> keys) {
        if (!listeners.isEmpty()) {
            listeners.forEach(listener -> listener.changed(this, keys));
        }
    }

    /** Starts the timeout again from now (one clock read: sessions are loaded and saved per request). */
    private void touch() {
        expiresAt = System.currentTimeMillis() + timeout.toMillis();
    }

    /**
     * The value under {@code key} as a {@code type}: the value itself when it already is one,
     * otherwise converted with Jackson (a record that came back from a store as a map, say).
     *
     * @param <T> the type wanted
     * @param key the session key
     * @param type the class of the type wanted
     * @return the value as a {@code T}, or {@code null} when there is none
     * @throws IllegalArgumentException when the value cannot be converted
     */
    public <T> T get(String key, Class<T> type) {
        Object value = get(key);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        return SessionCodec.convert(key, value, type);
    }

    // --- Map: every call goes to the marked entries (see SessionEntries and ChangeTracker) ---

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return entries.containsValue(value);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public Object put(String key, Object value) {
        return entries.put(key, value);
    }

    @Override
    public void putAll(Map<? extends String, ?> values) {
        values.forEach(entries::put);
    }

    @Override
    public Object remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return entries.remove(key, value);
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        return entries.replace(key, oldValue, newValue);
    }

    @Override
    public Object replace(String key, Object value) {
        return entries.replace(key, value);
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> mapping) {
        return entries.computeIfAbsent(key, mapping);
    }

    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        return entries.computeIfPresent(key, remapping);
    }

    @Override
    public Object compute(String key, BiFunction<? super String, ? super Object, ?> remapping) {
        return entries.compute(key, remapping);
    }

    @Override
    public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
        return entries.merge(key, value, remapping);
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        entries.replaceAll(function);
    }

    /** A store call whose throw or {@code null} future becomes a failed future. */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
        try {
            return Objects.requireNonNull(operation.get(),
                    () -> store.getClass().getName() + " returned null instead of a future");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }
}
