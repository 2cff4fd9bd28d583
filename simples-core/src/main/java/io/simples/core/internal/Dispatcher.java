package io.simples.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where user code (route listeners, middlewares, WebSocket listeners) runs, so that it never
 * stalls Netty's I/O threads: a new virtual thread per task when the JVM has them (Java 21+),
 * otherwise a bounded pool of {@link #POOL_SIZE} platform threads. The virtual-thread factory
 * is found once at class load with method handles, because the code is compiled for Java 17.
 *
 * <p>Virtual threads are started straight from their factory rather than through the JDK's
 * thread-per-task executor, which also files every thread in a concurrent set so that it can be
 * shut down; ours never is, and the set costs two map updates per request.
 */
public final class Dispatcher {

    /** Threads of the pool used on JVMs without virtual threads. */
    public static final int POOL_SIZE = 200;

    private static final ThreadFactory VIRTUAL = virtualThreadFactory();
    private static final Executor HANDLERS = VIRTUAL != null ? task -> VIRTUAL.newThread(task).start() : pool();

    private Dispatcher() {
    }

    /** The executor that runs handlers off the event loop. */
    public static Executor handlers() {
        return HANDLERS;
    }

    /** True when handlers run on virtual threads. */
    public static boolean virtualThreads() {
        return VIRTUAL != null;
    }

    /** {@code Thread.ofVirtual().factory()}, or {@code null} before Java 21. */
    private static ThreadFactory virtualThreadFactory() {
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
