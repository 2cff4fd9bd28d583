package io.simples.core.internal;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets a handler thread wait while a channel's outbound buffer is over its high-water mark;
 * never waits on the event loop. The connection's last handler reports changes
 * ({@link #changed()}) and its end ({@link #released()}). Used by HTTP responses and WebSockets alike.
 */
public final class Writability {

    private final Channel channel;
    private volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    public Writability(Channel channel) {
        this.channel = channel;
    }

    /** Waits until the channel is writable or closed, at most 30 s; false when it stayed full. */
    public boolean await() {
        if (channel.isWritable() || channel.eventLoop().inEventLoop()) {
            return true;
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        drained = wait;
        if (channel.isWritable() || !channel.isActive()) {
            return true;
        }
        try {
            wait.get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Called when the channel's writability changed. */
    public void changed() {
        if (channel.isWritable()) {
            drained.complete(null);
        }
    }

    /** Called when the channel closed: nobody waits any longer. */
    public void released() {
        drained.complete(null);
    }
}
