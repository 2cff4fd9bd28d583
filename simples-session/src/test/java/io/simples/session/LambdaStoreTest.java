package io.simples.session;

import static io.simples.session.Await.await;
import static io.simples.session.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A store built with {@link Store#of}: JSON text in a map, as a user would write one. */
class LambdaStoreTest extends StoreContract {

    private record Stored(String json, long expiresAt) {
        boolean live() {
            return expiresAt > System.currentTimeMillis();
        }
    }

    @Override
    Store open() {
        Map<String, Stored> map = new ConcurrentHashMap<>();
        return Store.of(
                id -> {
                    Stored stored = map.get(id);
                    return CompletableFuture.completedFuture(stored == null || !stored.live()
                            ? null : SessionCodec.decodeAll(stored.json().getBytes()));
                },
                (id, data, timeout) -> {
                    String json = new String(SessionCodec.encodeAll(data));
                    map.put(id, new Stored(json, System.currentTimeMillis() + timeout.toMillis()));
                    return CompletableFuture.completedFuture(null);
                },
                id -> {
                    map.remove(id);
                    return CompletableFuture.completedFuture(null);
                });
    }

    @Test
    void a_missing_lambda_is_named() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Store.of(id -> null, null, id -> null));
        assertTrue(e.getMessage().contains("set lambda"), e.getMessage());
    }

    @Test
    void a_lambda_that_returns_null_or_throws_gives_a_failed_future() {
        Store broken = Store.of(id -> null, (id, data, timeout) -> {
            throw new IllegalStateException("disk full");
        }, id -> CompletableFuture.completedFuture(null));
        Throwable nullFuture = failure(broken.get("0123456789abcdef0123456789abcdef"));
        assertTrue(nullFuture.getMessage().contains("get lambda returned null"), nullFuture.getMessage());
        Throwable thrown = failure(broken.set("0123456789abcdef0123456789abcdef", Map.of(), Duration.ofMinutes(1)));
        assertEquals("disk full", thrown.getMessage());
        Session session = Session.create(broken, HOUR);
        assertInstanceOf(IllegalStateException.class, failure(session.save()));
        assertTrue(session.changed());
    }

    @Test
    void the_update_lambda_is_used_when_given() {
        Map<String, Duration> updates = new ConcurrentHashMap<>();
        Store withUpdate = Store.of(id -> CompletableFuture.completedFuture(Map.of()),
                (id, data, timeout) -> CompletableFuture.completedFuture(null),
                id -> CompletableFuture.completedFuture(null),
                (id, timeout) -> {
                    updates.put(id, timeout);
                    return CompletableFuture.completedFuture(null);
                });
        Session session = await(Session.load(withUpdate, "0123456789abcdef0123456789abcdef", HOUR));
        await(session.save());
        assertEquals(Map.of(session.id(), HOUR), updates);
    }
}
