package io.simples.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
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
        int port = freePort();
        Process redis = startRedis(port);
        try (RedisStore store = RedisStore.connect("redis://127.0.0.1:" + port)) {
            Session session = Session.create(store, Duration.ofMinutes(5));
            session.put("before", 1);
            session.save().get(5, TimeUnit.SECONDS);

            stop(redis);
            session.put("during", 2);
            long failedAt = System.nanoTime();
            assertTrue(session.save().handle((saved, failure) -> failure != null).get(10, TimeUnit.SECONDS),
                    "a save while Redis is away fails");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedAt) < 6000, "and fails fast");
            Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for but time

            redis = startRedis(port);
            long back = System.nanoTime();
            while (true) {
                boolean saved = session.save().handle((ok, failure) -> failure == null).get(10, TimeUnit.SECONDS);
                if (saved) {
                    break;
                }
                assertTrue(System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10), "no save succeeded 10 s after Redis came back");
                Thread.sleep(50); // polling the store as requests would
            }
            long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            System.out.println("RedisOutageTest: saves succeed again " + recovered + " ms after Redis answers");
            assertTrue(recovered < 2000, "saves succeed again " + recovered + " ms after Redis answers");
            assertEquals(2, store.get(session.id()).get(5, TimeUnit.SECONDS).get("during"));
        } finally {
            stop(redis);
        }
    }

    private Process startRedis(int port) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("redis-" + port + ".log").toFile()).start();
        } catch (IOException e) {
            if ("1".equals(System.getenv("SIMPLES_REQUIRE_REDIS"))) {
                fail("SIMPLES_REQUIRE_REDIS=1 but redis-server cannot be started", e);
            }
            assumeTrue(false, "no redis-server on the PATH");
            throw e;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return process; // it accepts connections: it answers
            } catch (IOException notYet) {
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    fail("redis-server exited with " + process.exitValue());
                }
            }
        }
        process.destroyForcibly();
        throw new AssertionError("redis-server did not start on port " + port);
    }

    private static void stop(Process redis) throws InterruptedException {
        redis.destroy(); // SIGTERM, by PID
        if (!redis.waitFor(10, TimeUnit.SECONDS)) {
            redis.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
