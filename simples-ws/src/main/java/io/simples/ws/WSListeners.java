package io.simples.ws;

import io.simples.ws.WSConnection.CloseListener;
import io.simples.ws.WSConnection.ErrorListener;
import io.simples.ws.WSConnection.EventListener;
import io.simples.ws.WSConnection.MessageListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one {@link WSConnection} and how they are told: messages (in advanced mode,
 * events by name and one-time replies), changes of the session, the close, failures. Every method that tells runs on the
 * connection's serial executor, so listeners of one connection never run at once; a listener
 * that throws is a failure the error listeners hear.
 */
final class WSListeners {

    private static final Logger LOG = LoggerFactory.getLogger(WSListeners.class);

    private final Object connection; // named in the log lines of failures nobody listens to
    private final boolean advanced;
    // each made by its first listener: an idle WebSocket has one or two kinds of listener, and a
    // hundred thousand of them should not carry empty lists and tables for the others; the lists
    // are immutable, replaced by each new listener (a list of one is the JDK's two-field list)
    private volatile List<MessageListener> messages;
    private volatile List<CloseListener> closes;
    private volatile List<ErrorListener> errors;
    private volatile Map<String, List<EventListener>> events;
    private volatile Map<String, WSConnection.Answerer> answerers;
    private final Predicate<String> sender; // how this side sends a text message: false when it is not open
    private final Asks asks = new Asks();
    private volatile List<Consumer<Set<String>>> sessionChanges; // made by the first such listener: most never have one
    private volatile Positions positions; // a client's: where each stream it was sent stands (null on the server's side)

    WSListeners(Object connection, boolean advanced, Predicate<String> sender) {
        this.connection = connection;
        this.advanced = advanced;
        this.sender = sender;
    }

    /** Sends {@code event} asking for an answer, which completes the returned future (see {@link Asks}); {@code timeout} null: none. */
    CompletableFuture<Object> ask(String event, Object data, Duration timeout) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        long number = asks.open(event, timeout, answer);
        if (!sender.test(Envelopes.encode(event, data, "ask", number))) {
            answer.completeExceptionally(new IllegalStateException("the connection is not open: \"" + event + "\" was not sent"));
        }
        return answer;
    }

    /** Keeps where the streams this client is sent stand (see {@link Recovery}). */
    void keep(Positions kept) {
        positions = kept;
    }

    /** The asks waiting for their answers. */
    Asks asks() {
        return asks;
    }

    synchronized void onMessage(MessageListener listener) {
        messages = plus(messages, listener);
    }

    synchronized void on(String event, EventListener listener) {
        if (events == null) {
            events = new ConcurrentHashMap<>(4);
        }
        events.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** {@code reply} hears the answer to {@code answer}'s ask, once, in order with the other listeners. */
    void onReply(CompletableFuture<Object> answer, EventListener reply) {
        Objects.requireNonNull(reply, "reply");
        answer.thenAccept(data -> run(() -> reply.event(data)));
    }

    /** {@link WSPeer#send(String, Object, EventListener)}: an ask without a time limit whose answer goes to {@code reply}. */
    boolean send(String event, Object data, EventListener reply) {
        CompletableFuture<Object> answer = ask(event, data, null);
        onReply(answer, reply);
        return !answer.isCompletedExceptionally();
    }

    /** {@code answerer} answers the asks of {@code event} (the one answerer of that event). */
    synchronized void onAsk(String event, WSConnection.Answerer answerer) {
        if (answerers == null) {
            answerers = new ConcurrentHashMap<>(4);
        }
        answerers.put(Objects.requireNonNull(event, "event"), Objects.requireNonNull(answerer, "answerer"));
    }

    synchronized void onClose(CloseListener listener) {
        closes = plus(closes, listener);
    }

    synchronized void onError(ErrorListener listener) {
        errors = plus(errors, listener);
    }

    synchronized void onSessionChange(Consumer<Set<String>> listener) {
        sessionChanges = plus(sessionChanges, listener);
    }

    /** {@code listeners} (null: none yet) and {@code listener} after them, as a new immutable list. */
    private static <T> List<T> plus(List<T> listeners, T listener) {
        Objects.requireNonNull(listener, "listener");
        if (listeners == null) {
            return List.of(listener);
        }
        List<T> longer = new ArrayList<>(listeners.size() + 1);
        longer.addAll(listeners);
        longer.add(listener);
        return List.copyOf(longer);
    }

    void sessionChanged(Set<String> keys) {
        List<Consumer<Set<String>>> listening = sessionChanges;
        if (listening != null) {
            for (Consumer<Set<String>> listener : listening) {
                run(() -> listener.accept(keys));
            }
        }
    }

    /** Hands a message over: to the event's listeners in advanced mode (bad JSON is a failure), else to the message listeners. */
    void deliver(WSMessage message) {
        if (advanced && message.isText()) {
            Envelopes.Event event;
            try {
                event = Envelopes.decode(message.text());
            } catch (IllegalArgumentException e) {
                failed(e, false);
                return;
            }
            Positions kept = positions;
            if (kept != null && event.seq() != null) {
                kept.remember(event.seq());
            }
            if (event.answer() != 0) { // an answer that names its ask: for that ask only
                asks.answered(event.answer(), event.data());
                return;
            }
            asks.nextOf(event.name(), event.data()); // the original simpleS reply: the next message of that event
            Map<String, List<EventListener>> named = events;
            for (EventListener listener : named == null ? List.<EventListener>of() : named.getOrDefault(event.name(), List.of())) {
                run(() -> listener.event(event.data()));
            }
            Map<String, WSConnection.Answerer> answering = answerers;
            WSConnection.Answerer answerer = answering == null ? null : answering.get(event.name());
            if (answerer != null) {
                run(() -> sender.test(Envelopes.encode(event.name(), answerer.answer(event.data()), "answer", event.ask())));
            }
            return;
        }
        for (MessageListener listener : orNone(messages)) {
            run(() -> listener.message(message));
        }
    }

    void closed(int code, String reason) {
        asks.closed(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        for (CloseListener listener : orNone(closes)) {
            run(() -> listener.closed(code, reason));
        }
    }

    private static <T> List<T> orNone(List<T> listeners) {
        return listeners == null ? List.of() : listeners;
    }

    /** Tells the error listeners; without any, logs: an error when it is ours, debug when it is the client's. */
    void failed(Throwable failure, boolean ours) {
        List<ErrorListener> listening = orNone(errors);
        if (listening.isEmpty()) {
            if (ours) {
                LOG.error("WebSocket listener failed on {}", connection, failure);
            } else {
                LOG.debug("WebSocket client error on {}: {}", connection, failure.toString());
            }
            return;
        }
        for (ErrorListener listener : listening) {
            try {
                listener.failed(failure);
            } catch (RuntimeException e) {
                LOG.error("a WebSocket error listener of {} failed", connection, e);
            }
        }
    }

    /** Runs a listener, making a failure of it a failure the error listeners hear. */
    void run(Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            failed(e, true);
        }
    }

    /** A listener's call. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }
}
