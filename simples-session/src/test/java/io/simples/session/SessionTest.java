package io.simples.session;

import static io.simples.session.Await.await;
import static io.simples.session.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTest {

    static final Duration HOUR = Duration.ofHours(1);
    final RecordingStore store = new RecordingStore();

    Session stored(Map<String, Object> values) {
        Session session = Session.create(store, HOUR);
        session.putAll(values);
        await(session.save());
        store.clear();
        return session;
    }

    @Test
    void a_new_session_has_a_fresh_well_formed_id_and_is_changed() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS); // expirations are kept in milliseconds
        Session session = Session.create(store, HOUR);
        assertTrue(Session.isValidId(session.id()));
        assertTrue(session.changed());
        assertTrue(session.isEmpty());
        assertSame(store, session.store());
        assertEquals(HOUR, session.timeout());
        assertFalse(session.expiration().isBefore(before.plus(HOUR)));
        assertEquals(List.of(), store.calls, "creating a session asks the store nothing");
    }

    @Test
    void ids_are_unique_random_hex() {
        Set<String> ids = new HashSet<>();
        int[] ones = new int[128];
        for (int i = 0; i < 10_000; i++) {
            String id = Session.create(store, HOUR).id();
            assertTrue(ids.add(id));
            for (int bit = 0; bit < 128; bit++) {
                ones[bit] += Character.digit(id.charAt(bit / 4), 16) >> (3 - bit % 4) & 1;
            }
        }
        for (int bit = 0; bit < 128; bit++) {
            assertTrue(ones[bit] > 4_500 && ones[bit] < 5_500, "bit " + bit + " is set " + ones[bit] + " times");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff"})
    void well_formed_ids_are_valid(String id) {
        assertTrue(Session.isValidId(id));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
            "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdeg", "../../../../etc/passwd",
            "0123456789abcdef0123456789abcde\n", " 0123456789abcdef0123456789abcdef"})
    void anything_else_is_not_an_id(String id) {
        assertFalse(Session.isValidId(id));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"forged", "0123456789ABCDEF0123456789ABCDEF", "../x"})
    void loading_a_malformed_id_never_reads_the_store(String id) {
        Session session = await(Session.load(store, id, HOUR));
        assertTrue(Session.isValidId(session.id()));
        assertTrue(session.changed());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void loading_an_unknown_id_gives_a_fresh_session_under_a_new_id() {
        String unknown = "0123456789abcdef0123456789abcdef";
        Session session = await(Session.load(store, unknown, HOUR));
        assertNotEquals(unknown, session.id());
        assertTrue(session.changed());
        assertEquals(List.of("get " + unknown), store.calls);
    }

    @Test
    void load_replaces_unsaved_changes_with_the_stored_data() {
        Session session = stored(Map.of("a", 1));
        session.put("a", 2);
        session.put("b", 3);
        await(session.load());
        assertEquals(Map.of("a", 1), session);
        assertFalse(session.changed());
    }

    @Test
    void saving_an_unchanged_session_only_updates_it() {
        Session session = stored(Map.of("a", 1));
        assertFalse(session.changed());
        await(session.save());
        assertEquals(List.of("update " + session.id()), store.calls);
    }

    @Test
    void saving_a_changed_session_applies_just_the_changed_keys() {
        Session session = stored(Map.of("a", 1, "b", 2, "c", 3));
        session.put("a", 10);
        session.remove("b");
        session.put("d", null);
        await(session.save());
        assertEquals(List.of("apply " + session.id() + " {a=10, d=null} -[b]"), store.detailed);
        assertFalse(session.changed());
    }

    @Test
    void a_new_session_and_a_cleared_one_are_written_whole() {
        Session session = Session.create(store, HOUR);
        session.put("a", 1);
        await(session.save());
        session.clear();
        session.put("b", 2);
        await(session.save());
        assertEquals(List.of("set " + session.id() + " {a=1}", "set " + session.id() + " {b=2}"), store.detailed);
    }

    @Test
    void save_and_update_move_the_expiration_forward() {
        Session session = stored(Map.of("a", 1));
        Instant beforeSave = Instant.now().truncatedTo(ChronoUnit.MILLIS); // expirations are kept in milliseconds
        session.put("a", 2);
        await(session.save());
        assertFalse(session.expiration().isBefore(beforeSave.plus(HOUR)));
        Instant beforeUpdate = Instant.now().truncatedTo(ChronoUnit.MILLIS); // expirations are kept in milliseconds
        await(session.update());
        assertFalse(session.expiration().isBefore(beforeUpdate.plus(HOUR)));
        assertEquals(List.of("apply " + session.id() + " {a=2} -[]", "update " + session.id()), store.detailed);
    }

    @Test
    void generate_moves_the_data_to_a_new_id_and_removes_the_old_one() {
        Session session = stored(Map.of("user", "ada"));
        String old = session.id();
        await(session.generate());
        assertNotEquals(old, session.id());
        assertTrue(Session.isValidId(session.id()));
        assertEquals(Map.of("user", "ada"), session);
        assertTrue(session.changed());
        await(session.save());
        assertEquals(List.of("remove " + old, "set " + session.id() + " {user=ada}"), store.detailed);
    }

    @Test
    void a_session_is_new_until_its_store_holds_it_under_its_id() {
        Session created = Session.create(store, HOUR);
        assertTrue(created.isNew());
        created.put("user", "ada");
        await(created.save());
        assertFalse(created.isNew(), "saved");
        assertFalse(await(Session.load(store, created.id(), HOUR)).isNew(), "loaded");
        assertTrue(await(Session.load(store, "0123456789abcdef0123456789abcdef", HOUR)).isNew(), "unknown id");
        await(created.generate());
        assertTrue(created.isNew(), "moved to an id the store does not hold yet");
        await(created.save());
        assertFalse(created.isNew());
    }

    @Test
    void a_save_that_a_generate_overtook_leaves_the_session_new() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        Store held = new Store() { // a set that hangs until the test lets it end; nothing else waits
            @Override
            public CompletableFuture<Map<String, Object>> get(String id) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
                return slow;
            }

            @Override
            public CompletableFuture<Void> remove(String id) {
                return CompletableFuture.completedFuture(null);
            }
        };
        Session session = Session.create(held, HOUR);
        session.put("user", "ada");
        CompletableFuture<Session> saving = session.save();
        await(session.generate());
        slow.complete(null);
        await(saving);
        assertTrue(session.isNew(), "what was written went under the old id");
    }

    @Test
    void destroy_removes_the_session_from_the_store_and_empties_it() {
        Session session = stored(Map.of("user", "ada"));
        session.put("unsaved", 1);
        await(session.destroy());
        assertTrue(session.isEmpty());
        assertFalse(session.changed());
        assertEquals(List.of("remove " + session.id()), store.calls);
    }

    @Test
    void a_failed_save_keeps_its_changes_for_the_next_save() {
        Session session = stored(Map.of("a", 1));
        session.put("b", 2);
        store.nextFailure = new IllegalStateException("store down");
        assertEquals("store down", failure(session.save()).getMessage());
        assertTrue(session.changed());
        session.put("c", 3);
        await(session.save());
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), await(store.get(session.id())));
    }

    @Test
    void a_save_that_fails_while_other_keys_were_changed_meanwhile_hands_its_keys_back_beside_them() {
        CompletableFuture<Void> pending = new CompletableFuture<>();
        Store slow = new Store() { // the first change-write hangs until the test fails it; the rest go to memory
            private boolean first = true;

            public CompletableFuture<Map<String, Object>> get(String id) {
                return store.get(id);
            }

            public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
                return store.set(id, data, timeout);
            }

            public CompletableFuture<Void> remove(String id) {
                return store.remove(id);
            }

            public synchronized CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
                if (first) {
                    first = false;
                    return pending;
                }
                return store.apply(id, changes, timeout);
            }
        };
        Session session = Session.create(slow, HOUR);
        session.put("a", 1);
        await(session.save()); // a whole write: set
        session.put("b", 2); // one key marked
        CompletableFuture<Session> failing = session.save(); // takes {b}, hangs
        session.put("c", 3); // marked while b is on its way: a one-key mark again
        pending.completeExceptionally(new IllegalStateException("store down"));
        assertEquals("store down", failure(failing).getMessage()); // b comes back beside c: a table
        session.put("d", 4);
        await(session.save());
        assertEquals(Map.of("a", 1, "b", 2, "c", 3, "d", 4), await(store.get(session.id())));
        assertFalse(session.changed());
    }

    @Test
    void a_failed_whole_write_is_retried_whole() {
        Session session = Session.create(store, HOUR);
        session.put("a", 1);
        store.nextFailure = new IllegalStateException("store down");
        failure(session.save());
        await(session.save());
        assertEquals(Map.of("a", 1), await(store.get(session.id())));
    }

    @Test
    void a_store_that_throws_or_returns_no_future_fails_the_call() {
        Store throwing = Store.of(id -> {
            throw new IllegalStateException("boom");
        }, (id, data, timeout) -> null, id -> null);
        Session session = Session.create(throwing, HOUR);
        assertEquals("boom", failure(session.load()).getMessage());
        assertTrue(failure(session.save()).getMessage().contains("returned null"));
        assertTrue(failure(session.destroy()).getMessage().contains("returned null"));

        Store nulls = new Store() {
            public CompletableFuture<Map<String, Object>> get(String id) {
                return null;
            }

            public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
                return null;
            }

            public CompletableFuture<Void> remove(String id) {
                return null;
            }
        };
        assertTrue(failure(Session.create(nulls, HOUR).load()).getMessage().contains("returned null"));
    }

    @Test
    void null_values_are_kept_and_null_keys_refused() {
        Session session = Session.create(store, HOUR);
        session.put("nothing", null);
        assertTrue(session.containsKey("nothing"));
        assertTrue(session.containsValue(null));
        assertEquals(null, session.get("nothing"));
        assertEquals(1, session.size());
        NullPointerException e = assertThrows(NullPointerException.class, () -> session.put(null, 1));
        assertTrue(e.getMessage().contains("keys must not be null"));
        assertEquals(null, session.get(null));
        assertFalse(session.containsKey(null));
    }

    @Test
    void typed_get_converts_and_explains_what_it_cannot() {
        Session session = Session.create(store, HOUR);
        session.put("user", Map.of("name", "ada", "age", 36, "roles", List.of()));
        session.put("name", "ada");
        assertEquals(new StoreContract.User("ada", 36, List.of()), session.get("user", StoreContract.User.class));
        assertEquals("ada", session.get("name", String.class));
        assertEquals(null, session.get("missing", String.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.get("name", StoreContract.User.class));
        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    @Test
    void a_timeout_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> Session.create(store, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Session.create(null, HOUR));
    }

    /** A memory store whose next {@code getNewer} answers only when the test says: a slow read. */
    static final class SlowReads implements Store {
        final MemoryStore memory = new MemoryStore();
        volatile boolean holding;
        final CompletableFuture<Void> release = new CompletableFuture<>();

        public CompletableFuture<Map<String, Object>> get(String id) {
            return memory.get(id);
        }

        public CompletableFuture<Stored> getNewer(String id, Object version) {
            Stored now = memory.getNewer(id, version).join(); // read now, answered later
            return holding ? release.thenApply(ignored -> now) : CompletableFuture.completedFuture(now);
        }

        public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
            return memory.set(id, data, timeout);
        }

        public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
            return memory.apply(id, changes, timeout);
        }

        public CompletableFuture<Void> remove(String id) {
            return memory.remove(id);
        }
    }

    @Test
    void a_read_taken_before_a_destroy_is_not_laid_over_the_destroyed_session() {
        SlowReads store = new SlowReads();
        Session live = Session.create(store, HOUR);
        live.put("name", "ada");
        await(live.save());
        store.holding = true;
        CompletableFuture<Session> syncing = live.sync(); // reads the store: the user is still there
        await(live.destroy()); // a logout, before that read is answered
        store.release.complete(null);
        await(syncing);
        assertTrue(live.isEmpty(), "a logged-out session must stay empty: " + live);
    }
}
