package io.simples.ws;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One end of a WebSocket, the server's {@link WSConnection} or the client's
 * {@link ClientConnection}: what both can do with the other end — send messages and events, ask
 * and wait for the answer, listen, close. Code that only talks (a game's rules, a test's script)
 * can take a {@code WSPeer} and run on either side. Each side's listening methods return its own
 * type, for chaining.
 */
public interface WSPeer extends AutoCloseable {

    /**
     * True while messages can be sent: the connection is open and no close has begun.
     *
     * @return whether messages can still be sent
     */
    boolean isOpen();

    /**
     * The subprotocol the server chose from those the client offered, or {@code null}.
     *
     * @return the subprotocol's name, or {@code null} when none was chosen (or, on the client,
     *         before the connection opens)
     */
    String subprotocol();

    /**
     * Sends a text message.
     *
     * @param text the message
     * @return true when the message was queued, false when the connection is not open
     */
    boolean send(String text);

    /**
     * Sends a binary message.
     *
     * @param bytes the message
     * @return true when the message was queued, false when the connection is not open
     */
    boolean send(byte[] bytes);

    /**
     * Sends {@code value} as JSON text (in advanced mode too: an event needs {@link #send(String, Object)}).
     * A {@code String} goes as text and a {@code byte[]} as binary, as they are.
     *
     * @param value the value to send
     * @return true when the message was queued, false when the connection is not open
     */
    default boolean send(Object value) {
        if (value instanceof String text) {
            return send(text);
        }
        if (value instanceof byte[] bytes) {
            return send(bytes);
        }
        return send(Envelopes.json(value));
    }

    /**
     * Sends the event {@code event} with {@code data}: {@code {"event": event, "data": data}}.
     *
     * @param event the event's name
     * @param data the event's data, encoded as JSON
     * @return true when the message was queued, false when the connection is not open
     */
    default boolean send(String event, Object data) {
        return send(Envelopes.encode(event, data));
    }

    /**
     * Sends an event and hands its answer to {@code reply}, once (see {@link #ask}; without a timeout).
     *
     * @param event the event's name
     * @param data the event's data, encoded as JSON
     * @param reply hears the answer, in order with this connection's other listeners
     * @return true when the message was queued, false when the connection is not open
     */
    boolean send(String event, Object data, WSConnection.EventListener reply);

    /**
     * Sends the event {@code event} asking for an answer: {@code {"event", "data", "ask": n}}. The
     * answer is the other end's message that carries {@code "answer": n} (what {@code onAsk}
     * sends, on either side and in {@code simples.js}), so two asks of one event never cross; a
     * peer that answers without the number (an original simpleS client, or a listener that just
     * sends an event of that name) answers the oldest ask of that event still waiting.
     *
     * @param event the event's name
     * @param data the event's data, encoded as JSON
     * @param timeout how long to wait for the answer
     * @return the answer's data, decoded; failed with a {@link java.util.concurrent.TimeoutException}
     *         when none came in time, and with an {@link IllegalStateException} when the connection
     *         closed first (or was not open)
     */
    CompletableFuture<Object> ask(String event, Object data, Duration timeout);

    /** Closes normally (1000). */
    @Override
    default void close() {
        close(1000, "");
    }

    /**
     * Closes with {@code code}.
     *
     * @param code the close code
     * @throws IllegalArgumentException when {@code code} may not be sent (see {@link #close(int, String)})
     */
    default void close(int code) {
        close(code, "");
    }

    /**
     * Sends a close frame with {@code code} and {@code reason}, then closes once the other end
     * answers (at most 5 s later).
     *
     * @param code the close code
     * @param reason the reason sent with it, or {@code null} for none
     * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 §7.4: 1000–1003,
     *         1007–1014 and 3000–4999 may; 1005 and 1006 only ever describe a close, never travel)
     */
    void close(int code, String reason);

    /**
     * Completes when the connection has closed (or never opened).
     *
     * @return the future of the connection's end
     */
    CompletableFuture<Void> closed();

    /**
     * Listens for messages (in advanced mode: the messages that are not events). Listeners of one
     * connection run one at a time, in the order of its messages.
     *
     * @param listener hears each message
     * @return this connection, for chaining
     */
    WSPeer onMessage(WSConnection.MessageListener listener);

    /**
     * Listens for the advanced-mode event {@code event}.
     *
     * @param event the event's name
     * @param listener hears the data of each event of that name
     * @return this connection, for chaining
     */
    WSPeer on(String event, WSConnection.EventListener listener);

    /**
     * Listens for the close: the code and reason of the close frame, or 1006 when the connection
     * just dropped.
     *
     * @param listener hears the close code and reason, once
     * @return this connection, for chaining
     */
    WSPeer onClose(WSConnection.CloseListener listener);

    /**
     * Listens for failures: a listener that threw, bad JSON in advanced mode, a broken frame.
     *
     * @param listener hears each failure
     * @return this connection, for chaining
     */
    WSPeer onError(WSConnection.ErrorListener listener);

    /**
     * Answers the asks of {@code event} with what {@code answerer} returns (replacing the answerer
     * of that event, if any): sent as {@code {"event", "data", "answer": n}}, or as a plain event of
     * that name to a peer whose ask carried no number (an original simpleS client, which takes
     * the next message of that event as its reply). The {@link #on} listeners of the event hear it too.
     *
     * @param event the event's name
     * @param answerer makes the answer from the ask's data
     * @return this connection, for chaining
     */
    WSPeer onAsk(String event, WSConnection.Answerer answerer);
}
