package io.simples.core.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

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
 * five (the test's thread that sends, and the one that gets the answer): measured in
 * {@code bench/kit.sh}, it made 1 000 sequential requests 1.6 times faster (docs/ARCHITECTURE.md).
 * On Java 17 it is a daemon platform thread. Either way nothing keeps a JVM alive for it: nothing
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
            group = new MultiThreadIoEventLoopGroup(1, threads(), LocalIoHandler.newFactory());
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

    private static ThreadFactory threads() {
        ThreadFactory virtual = Handoff.virtualThreadFactory();
        if (virtual == null) {
            return new DefaultThreadFactory("simples-local", true);
        }
        return task -> {
            Thread thread = virtual.newThread(task);
            thread.setName("simples-local");
            return thread;
        };
    }
}
