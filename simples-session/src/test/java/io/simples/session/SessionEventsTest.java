package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.session.internal.SessionEvents;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a session tells of itself (its listeners, and the cluster's publisher once a store call
 * landed) and what another process's change does to it: no store call, no echo.
 */
class SessionEventsTest {

    static final Duration HOUR = Duration.ofHours(1);

    /** Records what a session tells. */
    static final class Heard implements Session.Listener, SessionEvents.Publisher {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void generated(Session session, String oldId) {
            events.add("generated " + oldId + " -> " + session.id());
        }

        @Override
        public void destroyed(Session session) {
            events.add("destroyed " + session.id());
        }

        @Override
        public void changed(Session session, Set<String> keys) {
            events.add("changed " + new java.util.TreeSet<>(keys));
        }

        @Override
        public void saved(String id) {
            events.add("published saved " + id);
        }

        @Override
        public void destroyed(String id) {
            events.add("published destroyed " + id);
        }

        @Override
        public void moved(String oldId, String newId) {
            events.add("published moved " + oldId + " -> " + newId);
        }
    }

    private static Heard listen(Session session) {
        Heard heard = new Heard();
        session.addListener(heard);
        SessionEvents.publishTo(session, heard);
        return heard;
    }

    @Test
    void a_save_is_published_after_it_landed_and_told_with_its_keys() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        session.put("a", 1);
        await(session.save());
        Heard heard = listen(session);
        session.put("b", 2);
        session.remove("a");
        await(session.save());
        assertEquals(List.of("published saved " + session.id(), "changed [a, b]"), heard.events);
    }

    @Test
    void a_failed_save_publishes_nothing() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        Heard heard = listen(session);
        session.put("a", 1);
        store.nextFailure = new RuntimeException("the store is down");
        Await.failure(session.save());
        assertEquals(List.of(), heard.events);
    }

    @Test
    void a_sync_tells_the_keys_another_holder_wrote_and_no_others() {
        try (MemoryStore store = new MemoryStore()) {
            Session here = Session.create(store, HOUR);
            here.put("name", "ada");
            here.put("theme", "dark");
            await(here.save());
            Session there = await(Session.load(store, here.id(), HOUR));
            Heard heard = listen(here);
            there.put("name", "grace");
            there.remove("theme");
            there.put("cart", List.of(1));
            await(there.save());
            await(here.sync());
            assertEquals(List.of("changed [cart, name, theme]"), heard.events);
            assertEquals("grace", here.get("name"));
            await(here.sync());
            assertEquals(1, heard.events.size(), "nothing new, nothing told");
        }
    }

    @Test
    void a_destroy_is_published_once_the_store_removed_it() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        session.put("a", 1);
        await(session.save());
        Heard heard = listen(session);
        await(session.destroy());
        assertEquals(List.of("destroyed " + session.id(), "published destroyed " + session.id()), heard.events);
    }

    @Test
    void a_move_is_published_at_once() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        String old = session.id();
        Heard heard = listen(session);
        await(session.generate());
        assertEquals(List.of("published moved " + old + " -> " + session.id(), "generated " + old + " -> " + session.id()),
                heard.events);
    }

    @Test
    void another_process_destroy_empties_the_copy_without_a_store_call_or_an_echo() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        session.put("name", "ada");
        await(session.save());
        store.clear();
        Heard heard = listen(session);
        SessionEvents.destroyedElsewhere(session, "someone else's id");
        assertFalse(session.isEmpty(), "another session's destroy changes nothing");
        SessionEvents.destroyedElsewhere(session, session.id());
        assertTrue(session.isEmpty());
        assertEquals(List.of("destroyed " + session.id()), heard.events);
        assertEquals(List.of(), store.calls);
    }

    @Test
    void another_process_move_takes_the_new_id_and_keeps_what_is_unsaved() {
        RecordingStore store = new RecordingStore();
        Session session = Session.create(store, HOUR);
        session.put("name", "ada");
        await(session.save());
        session.put("unsaved", true);
        store.clear();
        String old = session.id();
        String moved = "0123456789abcdef0123456789abcdef";
        Heard heard = listen(session);
        SessionEvents.movedElsewhere(session, old, moved);
        assertEquals(moved, session.id());
        assertEquals("ada", session.get("name"));
        assertTrue(session.changed(), "the unsaved change is still to be saved, under the new id");
        assertFalse(session.isNew(), "the mover writes the new id before any client learns it");
        assertEquals(List.of("generated " + old + " -> " + moved), heard.events);
        assertEquals(List.of(), store.calls);
        SessionEvents.movedElsewhere(session, old, "fedcba9876543210fedcba9876543210");
        assertEquals(moved, session.id(), "a move of an id it no longer has changes nothing");
    }
}
