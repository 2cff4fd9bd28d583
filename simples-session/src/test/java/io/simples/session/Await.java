package io.simples.session;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests: for a future, with a bound, or for a condition that time will make true. The
 * one polling helper of every module's tests (shared through this module's test jar).
 */
public final class Await {

    private Await() {
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete in 10 s", e);
        }
    }

    /** The failure of a future that must fail. */
    public static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("future did not complete in 10 s", e);
        }
        return fail("the future completed normally");
    }

    /** Polls {@code condition} until it holds; for what only the passing of time brings about. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        poll(what, limit, Duration.ofMillis(10), condition::getAsBoolean);
    }

    /** A condition that may throw: a query to another process, a page, a store. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code condition} every {@code every} until it holds, for what other processes or a
     * clock bring about and nothing announces (another process's state, a counter that threads
     * raise); a check that throws fails the wait at once.
     */
    public static void poll(String what, Duration limit, Duration every, Check condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    fail(what + " did not happen within " + limit);
                }
                Thread.sleep(every.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(what + ": the check failed", e);
        }
    }
}
