package io.simples.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated so far by the process's live platform threads, as the JVM counts them per
 * thread (exact to a TLAB's fill). A virtual thread allocates on its carrier, a platform thread of
 * the JDK's scheduler, so handler threads are counted too. Read it around a measured run: the
 * difference over the operations is the allocation per operation.
 */
final class Allocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    static long total() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }
}
