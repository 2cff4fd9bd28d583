package io.simples.session;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Redis every Redis test shares ({@code SIMPLES_REDIS_URI}, by default 127.0.0.1:6379). A test
 * without it is skipped, unless {@code SIMPLES_REQUIRE_REDIS=1} (CI), where it fails. Tests keep
 * apart by key prefix. Shared through this module's test jar.
 */
public final class SharedRedis {

    public static final String URI = System.getenv().getOrDefault("SIMPLES_REDIS_URI", "redis://127.0.0.1:6379");

    private SharedRedis() {
    }

    /** A store on the shared Redis with keys under {@code prefix}; skips or fails the test without Redis. */
    public static RedisStore connect(String prefix) {
        try {
            return RedisStore.connect(URI, prefix);
        } catch (RuntimeException e) {
            unreachable(e);
            throw e;
        }
    }

    /** Skips the test, or fails it when Redis is required: {@code cause} says why Redis cannot be reached. */
    public static void unreachable(Throwable cause) {
        if ("1".equals(System.getenv("SIMPLES_REQUIRE_REDIS"))) {
            fail("SIMPLES_REQUIRE_REDIS=1 but no Redis answers at " + URI, cause);
        }
        assumeTrue(false, "no Redis at " + URI + ": start one (redis-server) to run this test");
    }
}
