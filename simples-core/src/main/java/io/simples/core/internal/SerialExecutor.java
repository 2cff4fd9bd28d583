package io.simples.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order given, on another executor (a virtual thread or a pool
 * thread each turn): what a connection's listeners need so that they see its events in order
 * without ever running at the same time.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor target;
    /** Tasks given while one runs; made by the first that has to wait (one executor per open WebSocket, most idle). */
    private ArrayDeque<Runnable> waiting;
    private boolean running;

    public SerialExecutor(Executor target) {
        this.target = target;
    }

    @Override
    public void execute(Runnable task) {
        if (target == Handoff.INLINE) {
            runSafely(task); // one event-loop thread already runs everything in order
            return;
        }
        synchronized (this) {
            if (running) {
                if (waiting == null) {
                    waiting = new ArrayDeque<>(4);
                }
                waiting.add(task);
                return;
            }
            running = true;
        }
        target.execute(() -> drain(task));
    }

    private void drain(Runnable first) {
        Runnable task = first;
        while (task != null) {
            runSafely(task);
            synchronized (this) {
                task = waiting == null ? null : waiting.poll();
                if (task == null) {
                    running = false;
                }
            }
        }
    }

    /** True when every task runs at once on the calling thread (listeners on the event loop). */
    public boolean runsInline() {
        return target == Handoff.INLINE;
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("a serial task failed", e);
        }
    }
}
