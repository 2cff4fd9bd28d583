package io.simples.core.internal;

import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/**
 * What a stopping listener needs of a connection that left HTTP for another protocol (a
 * WebSocket): to close it with a code, and to know when what it held (its session) is saved.
 * Found on the channel under {@link #KEY}, so that the HTTP side never names the WebSocket's types.
 */
public interface Upgraded {

    AttributeKey<Upgraded> KEY = AttributeKey.valueOf("simples.upgraded");

    /** Starts the closing handshake with {@code code}. */
    void close(int code, String reason);

    /** Ends once the connection is closed and its session's last save has ended. */
    CompletableFuture<?> closed();
}
