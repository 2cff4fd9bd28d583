package io.simples.core.internal;

import io.netty.channel.EventLoopGroup;
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
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("simples-local", true),
                    LocalIoHandler.newFactory());
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
}
