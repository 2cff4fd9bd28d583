package io.simples.ws;

/**
 * What a WebSocket endpoint does with a new connection: typically registers its event
 * listeners ({@code connection.onMessage(...)}) and maybe sends a greeting. It runs before any
 * message of the connection is delivered.
 */
@FunctionalInterface
public interface WSListener {

    void handle(WSConnection connection) throws Exception;
}
