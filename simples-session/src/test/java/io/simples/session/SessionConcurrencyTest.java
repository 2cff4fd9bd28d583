package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SessionConcurrencyTest {

    static final int THREADS = 8;
    static final int MUTATIONS = 10_000;

    @Test
    void eight_threads_mutating_one_session_lose_nothing_while_it_is_saved() throws Exception {
        try (MemoryStore store = new MemoryStore()) {
            Session session = Session.create(store, Duration.ofHours(1));
            await(session.save());
            assertFalse(session.changed());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean mutating = new AtomicBoolean(true);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < MUTATIONS; i++) {
                            session.put(thread + ":" + i, i);
                            session.merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
                            if (i % 2 == 1) {
                                session.remove(thread + ":" + (i - 1));
                            }
                        }
                        return null;
                    }));
                }
                Future<Integer> saver = pool.submit(() -> {
                    start.await();
                    int saves = 0;
                    while (mutating.get()) {
                        await(session.save());
                        saves++;
                    }
                    return saves;
                });
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get(30, TimeUnit.SECONDS);
                }
                mutating.set(false);
                assertTrue(saver.get(30, TimeUnit.SECONDS) > 0);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(THREADS * MUTATIONS, session.get("count"));
            assertEquals(1 + THREADS * MUTATIONS / 2, session.size());
            for (int t = 0; t < THREADS; t++) {
                for (int i = 1; i < MUTATIONS; i += 2) {
                    assertEquals(i, session.get(t + ":" + i));
                }
            }
            // the saver may or may not have caught the last mutations: one more save takes the rest
            await(session.save());
            assertFalse(session.changed());
            assertEquals(new HashMap<>(session), new HashMap<>(await(store.get(session.id()))),
                    "saves racing with mutations lost nothing");
        }
    }

    @Test
    void syncing_while_a_local_writer_puts_and_another_holder_saves_loses_no_value() throws Exception {
        try (MemoryStore store = new MemoryStore()) {
            Session mine = Session.create(store, Duration.ofHours(1));
            await(mine.save());
            Session theirs = await(Session.load(store, mine.id(), Duration.ofHours(1))); // another server's copy
            ExecutorService pool = Executors.newFixedThreadPool(2);
            AtomicBoolean writing = new AtomicBoolean(true);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 0; i < MUTATIONS; i++) {
                        mine.put("mine-" + i, i);
                        if (i % 100 == 0) {
                            await(mine.save());
                        }
                    }
                    writing.set(false);
                    return null;
                });
                Future<?> other = pool.submit(() -> {
                    int j = 0;
                    while (writing.get()) { // the other server writes, this one syncs, as requests come
                        theirs.put("theirs-" + j, j);
                        await(theirs.save());
                        await(mine.sync());
                        j++;
                    }
                    return j;
                });
                writer.get(30, TimeUnit.SECONDS);
                int theirWrites = (Integer) other.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < MUTATIONS; i++) {
                    assertEquals(i, mine.get("mine-" + i), "a value this holder put was replaced or dropped by a sync");
                }
                await(mine.save());
                await(mine.sync());
                Map<String, Object> stored = await(store.get(mine.id()));
                assertEquals(MUTATIONS + theirWrites, stored.size(), "every write of both holders is stored");
                assertEquals(stored, new HashMap<>(mine), "and this holder sees them all");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void a_save_that_lands_while_a_sync_reads_the_store_is_not_undone_by_what_was_read() throws Exception {
        try (MemoryStore memory = new MemoryStore()) {
            HeldReads store = new HeldReads(memory);
            Session mine = Session.create(store, Duration.ofHours(1));
            mine.put("a", 1);
            await(mine.save());
            Session theirs = await(Session.load(memory, mine.id(), Duration.ofHours(1)));
            theirs.put("b", 2);
            await(theirs.save());

            store.holdNext = true;
            var synced = mine.sync(); // reads {a=1, b=2} now, hears the answer when released
            mine.put("a", 10);
            mine.put("c", 3);
            await(mine.save()); // lands while the read is on its way
            assertFalse(synced.isDone());
            store.held.complete(null);
            await(synced);

            assertEquals(10, mine.get("a"), "the read was taken before the save of a");
            assertEquals(3, mine.get("c"), "the read was taken before c was saved");
            assertEquals(2, mine.get("b"), "what the other holder wrote still arrives");
            assertEquals(new HashMap<>(mine), new HashMap<>(await(memory.get(mine.id()))));
        }
    }

    /** A store whose next read is taken at once but answered only when the test says so. */
    private static final class HeldReads implements Store {
        private final MemoryStore memory;
        volatile boolean holdNext;
        final CompletableFuture<Void> held = new CompletableFuture<>();

        HeldReads(MemoryStore memory) {
            this.memory = memory;
        }

        @Override
        public CompletableFuture<Stored> getNewer(String id, Object version) {
            var read = memory.getNewer(id, version);
            if (!holdNext) {
                return read;
            }
            holdNext = false;
            return held.thenCompose(ignored -> read);
        }

        @Override
        public CompletableFuture<Map<String, Object>> get(String id) {
            return memory.get(id);
        }

        @Override
        public CompletableFuture<Void> set(String id, Map<String, Object> data, Duration timeout) {
            return memory.set(id, data, timeout);
        }

        @Override
        public CompletableFuture<Void> remove(String id) {
            return memory.remove(id);
        }

        @Override
        public CompletableFuture<Void> update(String id, Duration timeout) {
            return memory.update(id, timeout);
        }

        @Override
        public CompletableFuture<Void> apply(String id, SessionChanges changes, Duration timeout) {
            return memory.apply(id, changes, timeout);
        }
    }
}
