package io.simples.ws;

/**
 * What a WebSocket endpoint does with a new connection: typically registers its event
 * listeners ({@code connection.onMessage(...)}) and maybe sends a greeting. It runs before any
 * message of the connection is delivered.
 */
@FunctionalInterface
public interface WSListener {

    /**
     * Sets up a new connection.
     *
     * @param connection the connection, open; it joins its host's broadcasts once this returns
     * @throws Exception anything; the connection's error listeners hear it (without any, it is logged)
     */
    void handle(WSConnection connection) throws Exception;
}
