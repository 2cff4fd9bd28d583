package io.simples.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where user code (route listeners, middlewares, WebSocket listeners) runs, so that it never
 * stalls Netty's I/O threads: a new virtual thread per task when the JVM has them (Java 21+),
 * otherwise a bounded pool of {@link #POOL_SIZE} platform threads. The virtual-thread executor
 * is found once at class load with a method handle, because the code is compiled for Java 17.
 */
public final class Dispatcher {

    /** Threads of the pool used on JVMs without virtual threads. */
    public static final int POOL_SIZE = 200;

    private static final ExecutorService HANDLERS = create();

    private Dispatcher() {
    }

    /** The executor that runs handlers off the event loop. */
    public static ExecutorService handlers() {
        return HANDLERS;
    }

    /** True when handlers run on virtual threads. */
    public static boolean virtualThreads() {
        return !(HANDLERS instanceof ThreadPoolExecutor);
    }

    private static ExecutorService create() {
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invokeExact();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return pool();
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ExecutorService pool() {
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
