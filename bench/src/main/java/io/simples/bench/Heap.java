package io.simples.bench;

import java.lang.management.ManagementFactory;

/** Used heap after a full collection, for the memory figures. */
final class Heap {

    private Heap() {
    }

    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
