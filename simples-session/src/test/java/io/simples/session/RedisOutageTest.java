package io.simples.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis of the test's own, on its own port, stopped and started again by PID while a
 * {@link RedisStore} uses it: the store fails fast while Redis is away and works again soon after
 * it is back. Needs {@code redis-server} on the PATH (skipped without it, unless
 * {@code SIMPLES_REQUIRE_REDIS=1}).
 */
@Timeout(120)
class RedisOutageTest {

    /** Lettuce doubles its reconnect delay from 1 ms (attempts near 4, 8, 16 s): after 10 s the next try is 6 s away. */
    static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void requests_succeed_again_within_two_seconds_of_redis_answering() throws Exception {
        try (RedisProcess redis = RedisProcess.start(directory);
             RedisStore store = RedisStore.connect(redis.uri())) {
            Session session = Session.create(store, Duration.ofMinutes(5));
            session.put("before", 1);
            session.save().get(5, TimeUnit.SECONDS);
            assertNull(store.ping().get(5, TimeUnit.SECONDS), "PING while Redis answers");

            redis.stop();
            assertThrows(java.util.concurrent.ExecutionException.class, () -> store.ping().get(5, TimeUnit.SECONDS),
                    "PING while Redis is away");
            session.put("during", 2);
            long failedAt = System.nanoTime();
            assertTrue(session.save().handle((saved, failure) -> failure != null).get(10, TimeUnit.SECONDS),
                    "a save while Redis is away fails");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedAt) < 6000, "and fails fast");
            Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for but time

            redis.start();
            long back = System.nanoTime();
            // polling the store as requests would
            Await.poll("a save after Redis came back", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> session.save().handle((ok, failure) -> failure == null).get(10, TimeUnit.SECONDS));
            long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            System.out.println("RedisOutageTest: saves succeed again " + recovered + " ms after Redis answers");
            assertTrue(recovered < 2000, "saves succeed again " + recovered + " ms after Redis answers");
            assertEquals(2, store.get(session.id()).get(5, TimeUnit.SECONDS).get("during"));
            assertNull(store.ping().get(5, TimeUnit.SECONDS), "PING once Redis is back");
        }
    }
}
