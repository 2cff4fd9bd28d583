package io.simples.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A {@link MemoryStore} that writes down every call once it took effect, and can be made to
 * fail: {@link #calls} as "method id", {@link #detailed} with what was written ("set id {a=1}",
 * "apply id {a=1} -[b]"). A test that sees a call also sees its effect. Shared by every module's
 * tests through this module's test jar.
 */
public final class RecordingStore implements Store {

    public final MemoryStore memory = new MemoryStore();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> detailed = new CopyOnWriteArrayList<>();
    /** While true, every call fails. */
    public volatile boolean down;
    /** The failure of the next call only. */
    public volatile RuntimeException nextFailure;

    /** The methods called, in order. */
    public List<String> methods() {
        return calls.stream().map(call -> call.substring(0, call.indexOf(' '))).toList();
    }

    /** Forgets the calls so far. */
    public void clear() {
        calls.clear();
        detailed.clear();
    }

    @Override
    public CompletableFuture<Map<String, Object>> get(String id) {
        return record("get " + id, "", () -> memory.get(id));
    }

    @Override
    public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
        return record("set " + id, " " + new TreeMap<>(data), () -> memory.set(id, data, timeout));
    }

    @Override
    public CompletableFuture<Void> remove(String id) {
        return record("remove " + id, "", () -> memory.remove(id));
    }

    @Override
    public CompletableFuture<Void> update(String id, Duration timeout) {
        return record("update " + id, "", () -> memory.update(id, timeout));
    }

    @Override
    public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
        return record("apply " + id, " " + new TreeMap<>(changes.puts()) + " -" + new TreeSet<>(changes.removals()),
                () -> memory.apply(id, changes, timeout));
    }

    private <T> CompletableFuture<T> record(String call, String detail, Supplier<CompletableFuture<T>> operation) {
        RuntimeException failure = nextFailure;
        nextFailure = null;
        CompletableFuture<T> result = failure != null ? CompletableFuture.failedFuture(failure)
                : down ? CompletableFuture.failedFuture(new IllegalStateException("store down")) : operation.get();
        calls.add(call);
        detailed.add(call + detail);
        return result;
    }
}
