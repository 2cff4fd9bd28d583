package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
}
