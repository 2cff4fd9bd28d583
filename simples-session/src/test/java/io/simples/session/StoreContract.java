package io.simples.session;

import static io.simples.session.Await.await;
import static io.simples.session.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Store} must do, run unchanged against each one: a subclass only opens and
 * closes the store.
 */
@Timeout(120)
abstract class StoreContract {

    static final Duration HOUR = Duration.ofHours(1);

    record User(String name, int age, List<String> roles) {
    }

    /** A bean whose getter fails: Jackson cannot write it. */
    static final class Broken {
        public String getValue() {
            throw new IllegalStateException("no value today");
        }
    }

    protected Store store;

    /** Opens a fresh, empty store. */
    abstract Store open() throws Exception;

    /** Whether the store encodes values as JSON (it leaves the process). */
    boolean encodesValues() {
        return true;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    Session saved(Map<String, Object> values) {
        Session session = Session.create(store, HOUR);
        session.putAll(values);
        await(session.save());
        return session;
    }

    Session reload(Session session) {
        return await(Session.load(store, session.id(), session.timeout()));
    }

    @Test
    void a_store_that_answers_answers_a_ping_and_the_ping_stores_nothing() {
        assertNull(await(store.ping()));
        assertNull(await(store.get(Store.PING_ID)), "the ping's id is never stored");
    }

    @Test
    void an_unknown_id_reads_as_null_and_loads_as_a_fresh_session() {
        String unknown = "0123456789abcdef0123456789abcdef";
        assertNull(await(store.get(unknown)));
        Session session = await(Session.load(store, unknown, HOUR));
        assertNotEquals(unknown, session.id());
        assertTrue(Session.isValidId(session.id()));
        assertTrue(session.isEmpty());
        assertTrue(session.changed());
    }

    @Test
    void values_of_every_json_kind_round_trip() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, "two", false));
        nested.put("none", null);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "héllo \"world\"");
        values.put("int", 42);
        values.put("long", 1L << 40);
        values.put("double", 2.5);
        values.put("true", true);
        values.put("null", null);
        values.put("list", List.of("a", "b"));
        values.put("map", nested);
        values.put("", "empty key");
        values.put("#", "hash key");
        Session session = saved(values);

        Session loaded = reload(session);
        assertEquals(session.id(), loaded.id());
        assertEquals(values, loaded);
        assertFalse(loaded.changed());
    }

    @Test
    void records_come_back_as_maps_and_as_records_when_asked_for() {
        User user = new User("ada", 36, List.of("admin"));
        Session loaded = reload(saved(Map.of("user", user)));
        if (encodesValues()) {
            assertEquals(Map.of("name", "ada", "age", 36, "roles", List.of("admin")), loaded.get("user"));
        }
        assertEquals(user, loaded.get("user", User.class));
    }

    @Test
    void removed_keys_are_removed_from_the_store() {
        Session session = saved(Map.of("a", 1, "b", 2));
        session.remove("a");
        session.put("c", 3);
        await(session.save());
        assertEquals(Map.of("b", 2, "c", 3), reload(session));
    }

    @Test
    void clear_rewrites_the_whole_session() {
        Session session = saved(Map.of("a", 1, "b", 2));
        Session other = reload(session);
        other.put("x", 9);
        await(other.save());
        session.clear();
        session.put("c", 3);
        await(session.save());
        assertEquals(Map.of("c", 3), reload(session));
    }

    @Test
    void an_emptied_session_is_still_stored() {
        Session session = saved(Map.of("a", 1));
        session.remove("a");
        await(session.save());
        Session loaded = reload(session);
        assertEquals(session.id(), loaded.id());
        assertTrue(loaded.isEmpty());
    }

    @Test
    void destroy_removes_the_session() {
        Session session = saved(Map.of("a", 1));
        await(session.destroy());
        assertNull(await(store.get(session.id())));
        assertTrue(session.isEmpty());
        await(store.remove(session.id())); // removing what is gone is fine
    }

    @Test
    void generate_moves_the_session_to_a_new_id_and_removes_the_old_one() {
        Session session = saved(Map.of("a", 1));
        String old = session.id();
        await(session.generate());
        assertNotEquals(old, session.id());
        assertNull(await(store.get(old)));
        await(session.save());
        assertEquals(Map.of("a", 1), reload(session));
    }

    @Test
    void update_extends_a_stored_session_and_never_creates_one() {
        Session session = saved(Map.of("a", 1));
        await(store.update(session.id(), HOUR));
        assertEquals(Map.of("a", 1), await(store.get(session.id())));
        String unknown = "fedcba9876543210fedcba9876543210";
        await(store.update(unknown, HOUR));
        assertNull(await(store.get(unknown)));
    }

    @Test
    void sessions_past_their_expiration_are_gone() {
        Session session = Session.create(store, Duration.ofMillis(300));
        session.put("a", 1);
        await(session.save());
        Await.until("expiry of the session", Duration.ofSeconds(10),
                () -> await(store.get(session.id())) == null);
        Session loaded = reload(session);
        assertNotEquals(session.id(), loaded.id());
    }

    @Test
    void holders_that_change_different_keys_never_erase_each_other() throws Exception {
        int rounds = 1000;
        Session first = saved(Map.of("seed", 0));
        List<Session> holders = List.of(reload(first), reload(first));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int h = 0; h < holders.size(); h++) {
                Session holder = holders.get(h);
                String name = "holder" + h + "-";
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        holder.put(name + i, i);
                        await(holder.save());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(100, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        Session result = reload(first);
        assertEquals(1 + 2 * rounds, result.size(), "every key of both holders survives");
        for (int i = 0; i < rounds; i++) {
            assertEquals(i, result.get("holder0-" + i));
            assertEquals(i, result.get("holder1-" + i));
        }
    }

    @Test
    void get_newer_answers_unchanged_only_while_nobody_wrote() {
        Session session = saved(Map.of("user", "ada"));
        Stored first = await(store.getNewer(session.id(), null));
        assertEquals(Map.of("user", "ada"), first.data());
        Stored again = await(store.getNewer(session.id(), first.version()));
        if (first.version() != null) {
            assertTrue(again.isUnchanged(), "nothing was written since that version");
        }
        Session other = reload(session); // another holder, another process
        other.put("visits", 2);
        await(other.save());
        Stored after = await(store.getNewer(session.id(), first.version()));
        assertFalse(after.isUnchanged(), "a write since that version must be seen");
        assertEquals(Map.of("user", "ada", "visits", 2), after.data());
        await(store.remove(session.id()));
        assertNull(await(store.getNewer(session.id(), after.version())));
    }

    @Test
    void sync_takes_what_others_wrote_and_keeps_its_own_unsaved_changes() {
        Session mine = saved(Map.of("user", "ada", "theme", "dark", "gone", 1));
        Session theirs = reload(mine); // the same session held by another process
        mine.put("draft", "unsaved");
        mine.put("theme", "light"); // changed here, not saved yet
        theirs.put("visits", 7);
        theirs.put("theme", "blue");
        theirs.remove("gone");
        await(theirs.save());
        await(mine.sync());
        assertEquals(Map.of("user", "ada", "visits", 7, "theme", "light", "draft", "unsaved"), mine);
        assertTrue(mine.changed(), "its own changes are still to be saved");
        await(mine.save());
        assertEquals(Map.of("user", "ada", "visits", 7, "theme", "light", "draft", "unsaved"), reload(mine));
        await(theirs.destroy()); // logged out elsewhere
        await(mine.sync());
        assertTrue(mine.isEmpty() && mine.isNew(), "a session destroyed elsewhere is empty here too: " + mine);
    }

    @Test
    void a_value_that_cannot_be_encoded_fails_the_save_names_its_key_and_writes_nothing() {
        assumeTrue(encodesValues(), "this store keeps objects as they are");
        Session session = saved(Map.of("a", 1));
        session.put("a", 2);
        session.put("bad", new Object());
        Throwable failure = failure(session.save());
        SessionEncodingException encoding = assertInstanceOf(SessionEncodingException.class, failure);
        assertEquals("bad", encoding.key());
        assertTrue(encoding.getMessage().contains("'bad'"), encoding.getMessage());
        assertEquals(Map.of("a", 1), reload(session), "nothing of the failed save was written");
        assertTrue(session.changed(), "the changes stay for the next save");

        session.put("bad", "fixed");
        await(session.save());
        assertEquals(Map.of("a", 2, "bad", "fixed"), reload(session));
    }

    @Test
    void a_new_session_that_cannot_be_encoded_is_not_stored() {
        assumeTrue(encodesValues(), "this store keeps objects as they are");
        Session session = Session.create(store, HOUR);
        session.put("bad", new Broken());
        assertInstanceOf(SessionEncodingException.class, failure(session.save()));
        assertNull(await(store.get(session.id())));
    }

    @Test
    void many_sessions_are_kept_apart() {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(saved(Map.of("n", i)));
        }
        CompletableFuture<?>[] loads = sessions.stream()
                .map(s -> Session.load(store, s.id(), HOUR)).toArray(CompletableFuture[]::new);
        await(CompletableFuture.allOf(loads));
        for (int i = 0; i < loads.length; i++) {
            assertEquals(Map.of("n", i), loads[i].join(), Arrays.toString(new int[]{i}));
        }
    }
}
