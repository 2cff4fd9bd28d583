package io.simples.http;

/**
 * What an event-stream route does with each new stream ({@link Router#events}): check the
 * request, send what the client missed, remember the stream.
 *
 * <pre>{@code
 * EventHost clock = server.events("/clock", stream -> stream.send("hello", Instant.now()));
 * }</pre>
 *
 * It runs on a handler thread, so it may block. The stream opens (its head goes out) at its first
 * send or when the listener returns; a listener that answers otherwise first, say
 * {@code stream.connection().error(401)}, refuses it, and one that throws gives a 500.
 */
@FunctionalInterface
public interface EventListener {

    /**
     * Takes a new stream.
     *
     * @param stream the stream, with the request it came by in {@link EventStream#connection()}
     * @throws Exception anything: before the stream opened, an {@link HTTPException} answers with
     *                   its status and any other failure with a 500; after, the stream is closed
     */
    void open(EventStream stream) throws Exception;
}
