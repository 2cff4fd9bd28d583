package io.simples.http.internal.http1;

import java.time.Duration;

/** Counts the requests being answered, so that a stop can wait for them. */
public final class InFlight {

    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean draining;


    public void enter() {
        count.incrementAndGet();
    }

    public void leave() {
        if (count.decrementAndGet() <= 0 && draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    int count() {
        return count.get();
    }

    boolean draining() {
        return draining;
    }

    /** Marks the server as stopping and waits until nothing is in flight, or {@code limit} passed. */
    synchronized boolean drain(Duration limit) {
        draining = true;
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    synchronized void reset() {
        draining = false;
        count.set(0);
    }
}
