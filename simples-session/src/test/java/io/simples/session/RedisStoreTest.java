package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real Redis at {@code SIMPLES_REDIS_URI} (default
 * {@code redis://127.0.0.1:6379}). Without Redis the tests are skipped, unless
 * {@code SIMPLES_REQUIRE_REDIS=1} (as in CI) makes that a failure.
 */
class RedisStoreTest extends StoreContract {

    static final String URI = SharedRedis.URI;
    static RedisClient client;
    static RedisCommands<String, String> redis;
    String prefix;

    @BeforeAll
    static void connect() {
        try {
            client = RedisClient.create(URI);
            StatefulRedisConnection<String, String> connection = client.connect();
            redis = connection.sync();
        } catch (RedisConnectionException e) {
            client.shutdown();
            client = null;
            SharedRedis.unreachable(e);
        }
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    Store open() {
        prefix = "simples-test:" + UUID.randomUUID() + ":";
        return RedisStore.connect(URI, prefix);
    }

    @AfterEach
    void deleteKeys() {
        if (redis != null && prefix != null) {
            var keys = redis.keys(prefix + "*");
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        }
    }

    @Test
    void a_session_is_one_hash_with_a_ttl_equal_to_its_timeout() {
        Session session = Session.create(store, Duration.ofMinutes(10));
        session.put("user", "ada");
        await(session.save());
        String key = prefix + session.id();
        Map<String, String> hash = redis.hgetall(key);
        assertEquals("\"ada\"", hash.get("$user"));
        assertEquals(2, hash.size(), "the value and the revision: " + hash);
        long revision = Long.parseLong(hash.get("#")); // starts from the clock, in microseconds
        session.put("visits", 1);
        await(session.save());
        assertEquals(revision + 1, Long.parseLong(redis.hget(key, "#")), "every write moves the revision by one");
        long ttl = redis.pttl(key);
        assertTrue(ttl > 590_000 && ttl <= 600_000, "ttl " + ttl);

        await(store.update(session.id(), Duration.ofMinutes(20)));
        assertTrue(redis.pttl(key) > 1_190_000, "update is a PEXPIRE");
    }

    @Test
    void a_value_that_is_not_json_is_dropped_and_the_rest_is_read() {
        Session session = saved(Map.of("good", 1));
        redis.hset(prefix + session.id(), "$bad", "{not json");
        assertEquals(Map.of("good", 1), await(store.get(session.id())));
    }

    @Test
    void the_write_script_is_loaded_again_after_the_script_cache_is_flushed() {
        Session session = saved(Map.of("a", 1));
        redis.scriptFlush();
        session.put("b", 2);
        await(session.save());
        assertEquals(Map.of("a", 1, "b", 2), reload(session));
    }

    @Test
    void connecting_to_a_redis_that_is_not_there_fails_clearly() {
        RedisConnectionException failure = assertThrows(RedisConnectionException.class, () -> RedisStore.connect("redis://127.0.0.1:1"));
        assertTrue(String.valueOf(failure.getMessage()).contains("127.0.0.1") && failure.getMessage().contains(":1"),
                "the failure names the address it could not reach: " + failure.getMessage());
        assertTrue(failure.getCause() instanceof java.net.ConnectException || failure.getCause() != null
                && failure.getCause().getCause() instanceof java.net.ConnectException,
                "and why (connection refused): " + failure.getCause());
    }

    @Test
    void a_hash_without_the_marker_is_not_a_session() {
        String id = Session.create(store, HOUR).id();
        redis.hset(prefix + id, "$a", "1");
        assertNull(await(store.get(id)));
    }
}
