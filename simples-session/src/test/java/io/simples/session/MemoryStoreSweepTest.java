package io.simples.session;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The background sweep keeps memory flat however many short-lived sessions come and go. */
@Timeout(120)
class MemoryStoreSweepTest {

    private static final int SESSIONS = 1_000_000;

    @Test
    void a_million_short_lived_sessions_leave_memory_flat() {
        try (MemoryStore store = new MemoryStore(Duration.ofMillis(50))) {
            long before = usedHeapAfterGc();
            int largest = 0;
            for (int i = 0; i < SESSIONS; i++) {
                Session session = Session.create(store, Duration.ofMillis(20));
                session.put("user", "user-" + i);
                session.put("visits", i);
                await(session.save());
                if (i % 50_000 == 0) {
                    largest = Math.max(largest, store.entryCount());
                }
            }
            Await.until("the sweep of every expired session", Duration.ofSeconds(30),
                    () -> store.entryCount() == 0);
            long growth = usedHeapAfterGc() - before;
            System.out.printf("1M sessions: largest entry count seen %d, heap growth %d KiB%n",
                    largest, growth / 1024);
            assertTrue(largest < SESSIONS / 2, "the sweep keeps up while sessions come: " + largest);
            assertTrue(growth < 16 * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB");
            assertEquals(0, store.size());
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
