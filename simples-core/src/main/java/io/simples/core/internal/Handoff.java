package io.simples.core.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands tasks from one connection's event loop to handler threads, waking them once per turn of
 * the loop rather than once per task.
 *
 * <p>Why: a handler thread that is woken for every request preempts the event loop for every
 * request (on a busy core, a futex wake-up and two context switches each). Instead, the tasks an
 * event loop produces while it handles one batch of ready sockets are kept in a list of that
 * loop's thread, and one task queued behind the batch on the same loop passes them on together:
 * one virtual thread starts the others, which then run on its carrier without waking anything.
 * Tasks given from any other thread go to the handler threads at once.
 */
public final class Handoff implements Executor {

    private static final FastThreadLocal<Turn> TURNS = new FastThreadLocal<>() {
        @Override
        protected Turn initialValue() {
            return new Turn();
        }
    };

    /** The one an event-loop thread handed out last. */
    private static final FastThreadLocal<Handoff> LAST = new FastThreadLocal<>();

    private final EventExecutor loop;
    private final Executor handlers;

    private Handoff(EventExecutor loop, Executor handlers) {
        this.loop = loop;
        this.handlers = handlers;
    }

    /**
     * An executor for the tasks of a connection served by {@code loop}: {@code handlers} itself
     * when it runs tasks inline, otherwise one that batches them per turn of the loop.
     */
    public static Executor of(EventExecutor loop, Executor handlers) {
        if (handlers instanceof SerialExecutor.Inline) {
            return handlers;
        }
        if (!loop.inEventLoop()) {
            return new Handoff(loop, handlers);
        }
        // it holds nothing but the two: the connections of one loop share one (one object less per connection)
        Handoff last = LAST.get();
        if (last == null || last.loop != loop || last.handlers != handlers) {
            last = new Handoff(loop, handlers);
            LAST.set(last);
        }
        return last;
    }

    @Override
    public void execute(Runnable task) {
        if (loop.inEventLoop()) {
            TURNS.get().add(loop, handlers, task);
        } else {
            handlers.execute(task);
        }
    }

    /** The tasks one event-loop thread gave during the current turn of its loop. */
    private static final class Turn {
        private List<Runnable> tasks = new ArrayList<>();
        private Executor handlers;

        void add(EventExecutor loop, Executor target, Runnable task) {
            if (tasks.isEmpty()) {
                handlers = target;
                tasks.add(task);
                try {
                    loop.execute(this::flush); // runs after the loop has handled the sockets of this turn
                } catch (RejectedExecutionException shuttingDown) {
                    flush();
                }
            } else if (target == handlers) {
                tasks.add(task);
            } else {
                target.execute(task); // another executor (not one this process makes today): no batching
            }
        }

        private void flush() {
            List<Runnable> batch = tasks;
            if (batch.isEmpty()) {
                return;
            }
            tasks = new ArrayList<>();
            Executor target = handlers;
            if (batch.size() == 1) {
                target.execute(batch.get(0));
                return;
            }
            target.execute(() -> {
                for (int i = 1; i < batch.size(); i++) {
                    target.execute(batch.get(i));
                }
                batch.get(0).run();
            });
        }
    }
}
