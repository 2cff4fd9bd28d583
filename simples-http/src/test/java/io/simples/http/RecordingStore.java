package io.simples.http;

import io.simples.session.MemoryStore;
import io.simples.session.SessionChanges;
import io.simples.session.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A memory store that writes down each call ("get id", "apply id", ...) and can be made to fail. */
final class RecordingStore implements Store {

    final MemoryStore memory = new MemoryStore();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean down;

    List<String> methods() {
        return calls.stream().map(call -> call.substring(0, call.indexOf(' '))).toList();
    }

    /** Runs the call (or fails it while down), then writes it down: a test that sees a call sees its effect. */
    private <T> CompletableFuture<T> record(String call, java.util.function.Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = down
                ? CompletableFuture.failedFuture(new IllegalStateException("store down")) : operation.get();
        calls.add(call);
        return result;
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        return record("get " + id, () -> memory.get(id));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return record("set " + id, () -> memory.set(id, data, timeout));
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
        return record("apply " + id, () -> memory.apply(id, changes, timeout));
    }
}
