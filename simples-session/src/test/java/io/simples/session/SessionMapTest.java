package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of using a session as a {@code Map}: the calls that change it mark it changed and
 * reach the store on save; the calls that do not, do not.
 */
class SessionMapTest {

    static final Duration HOUR = Duration.ofHours(1);

    static Arguments change(String name, Consumer<Session> call) {
        return Arguments.of(name, call);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                change("put new", s -> s.put("z", 26)),
                change("put same value", s -> s.put("a", 1)),
                change("put null", s -> s.put("a", null)),
                change("putAll", s -> s.putAll(Map.of("a", 10, "z", 26))),
                change("remove present", s -> s.remove("a")),
                change("clear", Session::clear),
                change("putIfAbsent absent", s -> s.putIfAbsent("z", 26)),
                change("putIfAbsent on null value", s -> s.putIfAbsent("n", 14)),
                change("remove key value matching", s -> s.remove("a", 1)),
                change("replace present", s -> s.replace("a", 10)),
                change("replace old new matching", s -> s.replace("a", 1, 10)),
                change("computeIfAbsent absent", s -> s.computeIfAbsent("z", k -> 26)),
                change("computeIfPresent present", s -> s.computeIfPresent("a", (k, v) -> 10)),
                change("computeIfPresent to null removes", s -> s.computeIfPresent("a", (k, v) -> null)),
                change("compute", s -> s.compute("a", (k, v) -> v == null ? 0 : 10)),
                change("compute to null removes", s -> s.compute("a", (k, v) -> null)),
                change("compute returning the same object", s -> s.compute("list", (k, v) -> v)),
                change("merge present", s -> s.merge("a", 5, (x, y) -> (Integer) x + (Integer) y)),
                change("merge absent", s -> s.merge("z", 5, (x, y) -> 0)),
                change("merge to null removes", s -> s.merge("a", 5, (x, y) -> null)),
                change("replaceAll", s -> s.replaceAll((k, v) -> k)),
                change("keySet remove", s -> s.keySet().remove("a")),
                change("keySet removeIf", s -> s.keySet().removeIf(k -> k.equals("b"))),
                change("keySet retainAll", s -> s.keySet().retainAll(Set.of("a"))),
                change("keySet clear", s -> s.keySet().clear()),
                change("values remove", s -> s.values().remove(2)),
                change("values removeIf", s -> s.values().removeIf(v -> Integer.valueOf(1).equals(v))),
                change("entrySet remove", s -> s.entrySet().remove(Map.entry("a", 1))),
                change("entrySet removeIf", s -> s.entrySet().removeIf(e -> e.getKey().equals("b"))),
                change("entry setValue", s -> s.entrySet().iterator().next().setValue(99)),
                change("keySet iterator remove", s -> removeFirst(s.keySet().iterator())),
                change("values iterator remove", s -> removeFirst(s.values().iterator())),
                change("entrySet iterator remove", s -> removeFirst(s.entrySet().iterator())));
    }

    static Stream<Arguments> nonChanges() {
        return Stream.of(
                change("get", s -> s.get("a")),
                change("getOrDefault", s -> s.getOrDefault("z", 0)),
                change("containsKey", s -> s.containsKey("a")),
                change("containsValue", s -> s.containsValue(1)),
                change("size and isEmpty", s -> s.isEmpty()),
                change("iteration", s -> s.forEach((k, v) -> { })),
                change("views iterated", s -> new ArrayList<Object>(s.entrySet()).addAll(s.values())),
                change("equals hashCode toString", s -> s.equals(Map.of() + s.toString() + s.hashCode())),
                change("remove absent", s -> s.remove("z")),
                change("remove non-string", s -> s.remove(7)),
                change("putIfAbsent present", s -> s.putIfAbsent("a", 10)),
                change("remove key value mismatch", s -> s.remove("a", 2)),
                change("replace absent", s -> s.replace("z", 10)),
                change("replace old new mismatch", s -> s.replace("a", 2, 10)),
                change("computeIfAbsent present", s -> s.computeIfAbsent("a", k -> 10)),
                change("computeIfAbsent to null", s -> s.computeIfAbsent("z", k -> null)),
                change("computeIfPresent absent", s -> s.computeIfPresent("z", (k, v) -> 10)),
                change("compute absent to null", s -> s.compute("z", (k, v) -> null)),
                change("typed get", s -> s.get("a", Integer.class)),
                change("keySet remove absent", s -> s.keySet().remove("z")),
                change("entrySet remove mismatch", s -> s.entrySet().remove(Map.entry("a", 2))));
    }

    private static void removeFirst(Iterator<?> iterator) {
        iterator.next();
        iterator.remove();
    }

    private final RecordingStore store = new RecordingStore();

    private Session unchangedSession() {
        Session session = Session.create(store, HOUR);
        session.put("a", 1);
        session.put("b", 2);
        session.put("n", null);
        session.put("list", new ArrayList<>(List.of("x")));
        await(session.save());
        assertFalse(session.changed());
        return session;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void calls_that_change_the_session_mark_it_and_reach_the_store(String name, Consumer<Session> call) {
        Session session = unchangedSession();
        call.accept(session);
        assertTrue(session.changed(), name + " marks the session changed");
        await(session.save());
        assertFalse(session.changed(), "saved");
        Map<String, Object> stored = await(store.get(session.id()));
        assertEquals(new HashMap<>(session), new HashMap<>(stored), "the store holds what the session holds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonChanges")
    void calls_that_change_nothing_leave_it_unchanged(String name, Consumer<Session> call) {
        Session session = unchangedSession();
        Map<String, Object> before = new HashMap<>(session);
        call.accept(session);
        assertFalse(session.changed(), name + " leaves the session unchanged");
        assertEquals(before, new HashMap<>(session));
    }
}
