package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContract {

    @Override
    Store open() {
        return new MemoryStore();
    }

    @Override
    boolean encodesValues() {
        return false;
    }

    @Test
    void it_keeps_the_objects_it_is_given() {
        List<String> list = List.of("x");
        Session session = saved(Map.of("list", list));
        assertSame(list, reload(session).get("list"));
    }

    @Test
    void maps_it_hands_out_never_change() {
        Session session = saved(Map.of("a", 1));
        Map<String, Object> before = await(store.get(session.id()));
        session.put("a", 2);
        await(session.save());
        assertEquals(Map.of("a", 1), before);
        assertThrows(UnsupportedOperationException.class, () -> before.put("b", 2));
    }

    @Test
    void ids_of_any_form_are_kept_apart_and_null_values_are_kept() {
        String made = Session.create(store, HOUR).id(); // 32 lower-case hex characters: kept as two longs
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("gone", null);
        List<String> ids = List.of(made, made.toUpperCase(), made.substring(1), "not-an-id", "");
        for (String id : ids) {
            await(store.set(id, Map.of("id", id), HOUR));
        }
        for (String id : ids) {
            assertEquals(Map.of("id", id), await(store.get(id)), id);
        }
        await(store.set(made, withNull, HOUR));
        assertEquals(withNull, await(store.get(made)));
        await(store.remove(made));
        assertNull(await(store.get(made)));
        assertEquals(Map.of("id", made.toUpperCase()), await(store.get(made.toUpperCase())), "another id");
    }

    @Test
    void expiration_is_honoured_on_every_read_and_moved_by_update() {
        MutableClock clock = new MutableClock();
        try (MemoryStore memory = new MemoryStore(Duration.ofHours(1), clock)) {
            String id = Session.create(memory, HOUR).id();
            await(memory.set(id, Map.of("a", 1), Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(59));
            assertNotNull(await(memory.get(id)));
            await(memory.update(id, Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(59));
            assertNotNull(await(memory.get(id)), "update moved the expiration");
            clock.advance(Duration.ofSeconds(1));
            assertNull(await(memory.get(id)));
            await(memory.update(id, Duration.ofMinutes(1)));
            assertNull(await(memory.get(id)), "update does not revive an expired session");
            assertEquals(0, memory.size());
        }
    }

    @Test
    void apply_to_an_expired_session_starts_from_empty() {
        MutableClock clock = new MutableClock();
        try (MemoryStore memory = new MemoryStore(Duration.ofHours(1), clock)) {
            String id = Session.create(memory, HOUR).id();
            await(memory.set(id, Map.of("old", 1), Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(2));
            await(memory.apply(id, new SessionChanges(Map.of("new", 2), java.util.Set.of()), Duration.ofMinutes(1)));
            assertEquals(Map.of("new", 2), await(memory.get(id)));
        }
    }

    @Test
    void apply_keeps_the_keys_it_does_not_touch_and_every_write_is_a_new_version() {
        try (MemoryStore memory = new MemoryStore()) {
            String id = Session.create(memory, HOUR).id();
            await(memory.set(id, Map.of("a", 1), HOUR));
            Object first = await(memory.getNewer(id, null)).version();
            await(memory.apply(id, new SessionChanges(Map.of("a", 2), java.util.Set.of()), HOUR)); // rewrites every key
            assertEquals(Map.of("a", 2), await(memory.get(id)));
            Object second = await(memory.getNewer(id, null)).version();
            assertNotSame(first, second);
            await(memory.apply(id, new SessionChanges(Map.of("b", 1), java.util.Set.of()), HOUR));
            await(memory.apply(id, new SessionChanges(Map.of("b", 2), java.util.Set.of()), HOUR)); // not every key
            assertEquals(Map.of("a", 2, "b", 2), await(memory.get(id)));
            await(memory.apply(id, new SessionChanges(Map.of("a", 3), java.util.Set.of("b")), HOUR));
            assertEquals(Map.of("a", 3), await(memory.get(id)));
            assertTrue(await(memory.getNewer(id, await(memory.getNewer(id, null)).version())).isUnchanged());
        }
    }

    @Test
    void sweep_frees_expired_sessions() {
        MutableClock clock = new MutableClock();
        try (MemoryStore memory = new MemoryStore(Duration.ofHours(1), clock)) {
            for (int i = 0; i < 100; i++) {
                String id = Session.create(memory, HOUR).id();
                await(memory.set(id, new HashMap<>(Map.of("i", i)), Duration.ofSeconds(i < 60 ? 10 : 100)));
            }
            clock.advance(Duration.ofSeconds(50));
            memory.sweep();
            assertEquals(40, memory.size());
            assertEquals(40, memory.entryCount());
        }
    }
}
