package io.simples.ws;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets a handler thread wait while a channel's outbound buffer is over its high-water mark;
 * never waits on the event loop. The frame handler reports changes.
 */
final class Writability {

    private final Channel channel;
    private volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    Writability(Channel channel) {
        this.channel = channel;
    }

    /** Waits until the channel is writable or closed, at most 30 s; false when it stayed full. */
    boolean await() {
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

    void changed() {
        if (channel.isWritable()) {
            drained.complete(null);
        }
    }

    void released() {
        drained.complete(null);
    }
}
