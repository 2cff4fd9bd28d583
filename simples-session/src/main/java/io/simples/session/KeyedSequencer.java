package io.simples.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations on one key one after another, without holding a lock or a
 * thread while an operation is in flight: each operation starts when the one before it on the
 * same key has completed, successfully or not. Keys with nothing in flight take no memory.
 */
final class KeyedSequencer {

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> run(String key, Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        CompletableFuture<T> result = (previous == null ? IDLE : previous)
                .thenCompose(ignored -> operation.get());
        result.whenComplete((value, failure) -> {
            tails.remove(key, done);
            done.complete(null);
        });
        return result;
    }
}
