package io.simples.http.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responses of a connection that stay open until something ends them (event streams), kept
 * on the connection (an HTTP/2 stream's on its parent), so that a stopping server ends them
 * instead of waiting its whole grace period for them to end by themselves.
 */
public final class OpenEnded {

    private static final AttributeKey<Set<Runnable>> KEY = AttributeKey.valueOf("simples.openEnded");

    private OpenEnded() {
    }

    /** Keeps {@code end} on {@code channel}'s connection; the returned handle forgets it. */
    static Runnable add(Channel channel, Runnable end) {
        Channel connection = channel instanceof io.netty.handler.codec.http2.Http2StreamChannel ? channel.parent() : channel;
        Set<Runnable> ends = connection.attr(KEY).get();
        if (ends == null) {
            Set<Runnable> made = ConcurrentHashMap.newKeySet(2);
            ends = connection.attr(KEY).setIfAbsent(made);
            if (ends == null) {
                ends = made;
            }
        }
        ends.add(end);
        Set<Runnable> held = ends;
        return () -> held.remove(end);
    }

    /** Ends every open-ended response of {@code connection}; how many there were. */
    public static int endAll(Channel connection) {
        Set<Runnable> ends = connection.attr(KEY).get();
        if (ends == null || ends.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (Runnable end : Set.copyOf(ends)) {
            ends.remove(end);
            end.run();
            count++;
        }
        return count;
    }
}
