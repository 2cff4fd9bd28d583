package io.simples.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link MemoryStore} that writes down every call it gets, as "method id [detail]". */
final class RecordingStore implements Store {

    final MemoryStore memory = new MemoryStore();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile RuntimeException nextFailure;

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        return record("get " + id, () -> memory.get(id));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return record("set " + id + " " + new java.util.TreeMap<>(data), () -> memory.set(id, data, timeout));
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return record("remove " + id, () -> memory.remove(id));
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        return record("update " + id, () -> memory.update(id, timeout));
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return record("apply " + id + " " + new java.util.TreeMap<>(changes.puts()) + " -"
                + new java.util.TreeSet<>(changes.removals()), () -> memory.apply(id, changes, timeout));
    }

    private <T> CompletableFuture<T> record(String call, java.util.function.Supplier<CompletableFuture<T>> operation) {
        calls.add(call);
        RuntimeException failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            return CompletableFuture.failedFuture(failure);
        }
        return operation.get();
    }
}
