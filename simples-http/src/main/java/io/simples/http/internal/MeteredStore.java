package io.simples.http.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.simples.session.SessionChanges;
import io.simples.session.Store;
import io.simples.session.Stored;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session store that times each operation of the store under it on
 * {@code simples.session.store}, tagged {@code store} (its class), {@code operation}
 * ({@code read}, {@code write}, {@code touch}, {@code remove}, {@code ping}) and {@code outcome}
 * ({@code success} or {@code failure}): the loads, saves, failures and latency of each kind of
 * store. What the store answers passes through unchanged, a {@code null} future included.
 */
final class MeteredStore implements Store {

    private enum Operation { READ, WRITE, TOUCH, REMOVE, PING }

    private final Store store;
    private final Timer[] timers; // by operation, then success or failure

    MeteredStore(Store store, MeterRegistry registry) {
        this.store = store;
        Operation[] operations = Operation.values();
        this.timers = new Timer[operations.length * 2];
        for (Operation operation : operations) {
            for (int failed = 0; failed < 2; failed++) {
                timers[operation.ordinal() * 2 + failed] = Timer.builder("simples.session.store")
                        .description("Session store operations")
                        .tags("store", store.getClass().getSimpleName(), "operation", operation.name().toLowerCase(java.util.Locale.ROOT),
                                "outcome", failed == 0 ? "success" : "failure")
                        .register(registry);
            }
        }
    }

    private <T> CompletableFuture<T> timed(Operation operation, CompletableFuture<T> future, long start) {
        if (future != null) {
            future.whenComplete((value, failure) -> timers[operation.ordinal() * 2 + (failure == null ? 0 : 1)]
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        }
        return future;
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        long start = System.nanoTime();
        return timed(Operation.READ, store.get(id), start);
    }

    @Override
    public CompletableFuture<Stored> getNewer(String id, Object version) {
        long start = System.nanoTime();
        return timed(Operation.READ, store.getNewer(id, version), start);
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        long start = System.nanoTime();
        return timed(Operation.WRITE, store.set(id, data, timeout), start);
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        long start = System.nanoTime();
        return timed(Operation.WRITE, store.apply(id, changes, timeout), start);
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        long start = System.nanoTime();
        return timed(Operation.TOUCH, store.update(id, timeout), start);
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        long start = System.nanoTime();
        return timed(Operation.REMOVE, store.remove(id), start);
    }

    @Override
    public CompletableFuture<Void> ping() {
        long start = System.nanoTime();
        return timed(Operation.PING, store.ping(), start);
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
