package io.simples.core.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop of in-process connections (Netty's {@code LocalChannel}s, which the test kit
 * connects through instead of a socket): one loop for the process, held while any in-process
 * listener or client uses it, like {@link EventLoops}. One loop on purpose: a client and a server
 * channel on the same loop hand their bytes to each other directly, without a task queued to
 * another thread.
 *
 * <p>On Java 21+ the loop runs on a virtual thread, among the handler threads' carriers: what the
 * loop hands a handler (a request) and a handler hands the loop (its answer) then goes from one
 * virtual thread to another on the same carrier, where a platform thread would be woken by the
 * operating system at each step. A round trip in process waits for two such wake-ups instead of
 * five (the test's thread that sends, and the one that gets the answer), and the loop parks
 * without a time limit ({@link Parking}); docs/ARCHITECTURE.md ("The test kit") has the
 * measurements. On Java 17 it is a daemon platform thread. Either way nothing keeps a JVM alive for it: nothing
 * outside the process can reach an in-process listener.
 */
public final class LocalLoops {

    private static EventLoopGroup group;
    private static int holders;

    private LocalLoops() {
    }

    /** The in-process group, created if nobody holds it yet; pair every call with {@link #release()}. */
    public static synchronized EventLoopGroup acquire() {
        if (holders == 0) {
            IoHandlerFactory local = LocalIoHandler.newFactory();
            group = Handoff.virtualThreadFactory() == null
                    ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("simples-local", true), local)
                    : new MultiThreadIoEventLoopGroup(1, virtualThreads(), executor -> new Parking(local.newHandler(executor), executor));
        }
        holders++;
        return group;
    }

    /** Lets go of the group; the last holder shuts it down. */
    public static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("release() without acquire()");
        }
        if (--holders == 0) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
        }
    }

    private static ThreadFactory virtualThreads() {
        ThreadFactory virtual = Handoff.virtualThreadFactory();
        return task -> {
            Thread thread = virtual.newThread(task);
            thread.setName("simples-local");
            return thread;
        };
    }

    /**
     * Netty's local handler for a loop on a virtual thread, parking it without a time limit. The
     * local handler parks for the time left until the loop's next scheduled task (a response
     * timeout, an idle timeout: there is always one), and a virtual thread's timed park costs a
     * timer of the JDK's scheduler, set and cancelled at every park, each waking the scheduler's
     * own thread: a third of a request's CPU in process (async-profiler, {@code bench/kit.sh}).
     * Here one timer thread wakes the loop at its next deadline, armed again only when a deadline
     * comes earlier than the one armed, which the timeouts of a test's requests (each later than
     * the last) seldom do.
     */
    static final class Parking implements IoHandler {

        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "simples-local-timer");
            thread.setDaemon(true);
            return thread;
        });

        private final IoHandler local;
        private final ThreadAwareExecutor executor;
        private volatile Thread loop;
        private final AtomicLong armed = new AtomicLong(Long.MAX_VALUE); // the deadline a wake-up is set for

        Parking(IoHandler local, ThreadAwareExecutor executor) {
            this.local = local;
            this.executor = executor;
        }

        @Override
        public int run(IoHandlerContext context) {
            if (loop == null) {
                loop = Thread.currentThread();
            }
            if (context.canBlock()) {
                long now = System.nanoTime();
                wakeBy(now, now + context.delayNanos(now));
                LockSupport.park(this); // until a task comes from another thread (wakeup) or the timer wakes it
            }
            if (context.shouldReportActiveIoTime()) {
                context.reportActiveIoTime(0);
            }
            return 0;
        }

        private void wakeBy(long now, long deadline) {
            long current = armed.get();
            // nanoTime may be negative: compare by difference, and never against the "none armed" mark
            if (current != Long.MAX_VALUE && current - deadline <= 0 || !armed.compareAndSet(current, deadline)) {
                return; // a wake-up comes soon enough (or another thread of this loop's is setting one: there is none)
            }
            TIMER.schedule(() -> {
                armed.compareAndSet(deadline, Long.MAX_VALUE);
                LockSupport.unpark(loop);
            }, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
        }

        @Override
        public void wakeup() {
            if (!executor.isExecutorThread(Thread.currentThread()) && loop != null) {
                LockSupport.unpark(loop);
            }
        }

        @Override
        public void prepareToDestroy() {
            local.prepareToDestroy();
        }

        @Override
        public void destroy() {
            local.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return local.register(handle);
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return local.isCompatible(handleType);
        }
    }
}
