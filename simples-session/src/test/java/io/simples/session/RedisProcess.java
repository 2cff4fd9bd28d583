package io.simples.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own, on a free port, for what the shared one must not suffer: being
 * stopped, frozen (SIGSTOP) and started again. Skips the test when {@code redis-server} is not on
 * the PATH, unless {@code SIMPLES_REQUIRE_REDIS=1}. Shared through this module's test jar.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path directory;
    private Process process;

    private RedisProcess(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Starts a Redis server on a free port, its files and log in {@code directory}. */
    public static RedisProcess start(Path directory) throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess(RedisServers.freePort(), directory);
        redis.start();
        return redis;
    }

    /** The URI of this server, for {@code RedisStore.connect}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it again on the same port (after {@link #stop()}). */
    public void start() throws IOException, InterruptedException {
        process = RedisServers.launch(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString()), directory, "redis-" + port + ".log", port);
    }

    /** Stops it (SIGTERM, by PID) and waits until it is gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Freezes it: it keeps its connections and answers nothing, as a hung server does. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen server go on. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            thaw();
            stop();
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        RedisServers.signal(process, signal);
    }
}
