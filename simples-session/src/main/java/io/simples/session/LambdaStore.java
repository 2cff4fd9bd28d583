package io.simples.session;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The store made by {@link Store#of}: the user's lambdas, guarded so that a lambda that throws
 * or returns {@code null} gives a failed future with a clear message, and with the writes to one
 * id run one after another so that {@link #apply} is atomic within this store.
 */
final class LambdaStore implements Store {

    private final Getter getter;
    private final Setter setter;
    private final Remover remover;
    private final Updater updater;
    private final KeyedSequencer writes = new KeyedSequencer();

    LambdaStore(Getter getter, Setter setter, Remover remover, Updater updater) {
        this.getter = Objects.requireNonNull(getter, "Store.of: the get lambda is missing");
        this.setter = Objects.requireNonNull(setter, "Store.of: the set lambda is missing");
        this.remover = Objects.requireNonNull(remover, "Store.of: the remove lambda is missing");
        this.updater = updater;
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        return call("get", id, () -> getter.get(id));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return writes.run(id, () -> call("set", id, () -> setter.set(id, data, timeout)));
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return writes.run(id, () -> call("remove", id, () -> remover.remove(id)));
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        if (updater != null) {
            return writes.run(id, () -> call("update", id, () -> updater.update(id, timeout)));
        }
        return writes.run(id, () -> get(id).thenCompose(data -> data == null
                ? CompletableFuture.completedFuture(null)
                : call("set", id, () -> setter.set(id, data, timeout))));
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return writes.run(id, () -> get(id).thenCompose(data ->
                call("set", id, () -> setter.set(id, changes.appliedTo(data), timeout))));
    }

    private static <T> CompletableFuture<T> call(String lambda, String id,
                                                 Supplier<CompletableFuture<T>> operation) {
        try {
            CompletableFuture<T> future = operation.get();
            if (future == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("Store.of: the "
                        + lambda + " lambda returned null instead of a future (session " + id + ")"));
            }
            return future;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
