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
import java.util.concurrent.TimeUnit;

/**
 * The event loop of in-process connections (Netty's {@code LocalChannel}s, which the test kit
 * connects through instead of a socket): one thread for the process, held while any in-process
 * listener or client uses it, like {@link EventLoops}. One thread on purpose: a client and a
 * server channel on the same loop hand their bytes to each other directly, without a task queued
 * to another thread. Its thread is a daemon: nothing outside the process can reach an in-process
 * listener, so it must not keep a JVM alive.
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
            long spin = Long.getLong("simples.local.spin", 50_000);
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("simples-local", true),
                    executor -> new Spinning(local.newHandler(executor), spin));
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

    /**
     * Netty's local handler, which parks the loop's thread when it has nothing to do, made to spin
     * for a while first: a task given to the loop within that time (a request written by a test's
     * thread, an answer by a handler thread) is taken without waking a parked thread, which is
     * most of a round trip's time in process.
     */
    static final class Spinning implements IoHandler {

        private final IoHandler local;
        private final long spinNanos;
        private volatile boolean woken;

        Spinning(IoHandler local, long spinNanos) {
            this.local = local;
            this.spinNanos = spinNanos;
        }

        @Override
        public void initialize() {
            local.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            if (context.canBlock() && spinNanos > 0) {
                long until = System.nanoTime() + Math.min(spinNanos, Math.max(0, context.delayNanos(System.nanoTime())));
                while (!woken && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            woken = false;
            return local.run(context); // parks unless woken meanwhile (the wake-up's unpark left a permit)
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
        public void wakeup() {
            woken = true;
            local.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return local.isCompatible(handleType);
        }
    }
}
