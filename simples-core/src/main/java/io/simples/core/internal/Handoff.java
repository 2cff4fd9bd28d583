package io.simples.core.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands user code (route listeners, middlewares, WebSocket listeners) from the event loops to the
 * threads it runs on, so that it never stalls Netty's I/O threads.
 *
 * <p>The threads: a new virtual thread per task when the JVM has them (Java 21+), otherwise a
 * bounded pool of {@link #POOL_SIZE} platform threads ({@link #handlers()}); or the event loop
 * itself, for listeners that never block ({@link #INLINE}). The virtual-thread factory is found
 * once at class load with method handles, because the code is compiled for Java 17. Virtual
 * threads are started straight from their factory rather than through the JDK's thread-per-task
 * executor, which also files every thread in a concurrent set so that it can be shut down; ours
 * never is, and the set costs two map updates per request.
 *
 * <p>The hand-off: a connection's tasks reach those threads once per turn of its loop rather
 * than once per task ({@link #of}). A handler thread that is woken for every request preempts the
 * event loop for every request (on a busy core, a futex wake-up and two context switches each).
 * Instead, the tasks an event loop produces while it handles one batch of ready sockets are kept
 * in a list of that loop's thread, and one task queued behind the batch on the same loop passes
 * them on together: one virtual thread starts the others, which then run on its carrier without
 * waking anything. Tasks given from any other thread go to the handler threads at once.
 */
public final class Handoff implements Executor {

    /** Threads of the pool used on JVMs without virtual threads. */
    public static final int POOL_SIZE = 200;

    /** An executor that runs each task on the calling thread: the event loop, for listeners that never block. */
    public static final Executor INLINE = new Inline();

    private static final ThreadFactory VIRTUAL = findVirtualThreadFactory();
    private static final Executor HANDLERS = VIRTUAL != null ? task -> VIRTUAL.newThread(task).start() : pool();

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

    /** The executor that runs handlers off the event loop. */
    public static Executor handlers() {
        return HANDLERS;
    }

    /** The JVM's virtual-thread factory (Java 21+), or null on a JVM without them. */
    static ThreadFactory virtualThreadFactory() {
        return VIRTUAL;
    }

    /** True when handlers run on virtual threads. */
    static boolean virtualThreads() {
        return VIRTUAL != null;
    }

    /**
     * An executor for the tasks of a connection served by {@code loop}: {@code handlers} itself
     * when it runs tasks inline, otherwise one that batches them per turn of the loop.
     */
    public static Executor of(EventExecutor loop, Executor handlers) {
        if (handlers == INLINE) {
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

    /** Runs each task where it is given. */
    private static final class Inline implements Executor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    /** {@code Thread.ofVirtual().factory()}, or {@code null} before Java 21. */
    private static ThreadFactory findVirtualThreadFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object virtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            return (ThreadFactory) lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(virtual);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Executor pool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "simples-handler-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
