package io.simples.ws;

import io.simples.ws.WSConnection.CloseListener;
import io.simples.ws.WSConnection.ErrorListener;
import io.simples.ws.WSConnection.EventListener;
import io.simples.ws.WSConnection.MessageListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

    private final String href;
    private final boolean advanced;
    private final List<MessageListener> messages = new CopyOnWriteArrayList<>();
    private final List<CloseListener> closes = new CopyOnWriteArrayList<>();
    private final List<ErrorListener> errors = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventListener>> events = new ConcurrentHashMap<>();
    private final Map<String, List<EventListener>> replies = new ConcurrentHashMap<>();
    private volatile List<Consumer<Set<String>>> sessionChanges; // made by the first such listener: most never have one

    WSListeners(String href, boolean advanced) {
        this.href = href;
        this.advanced = advanced;
    }

    void onMessage(MessageListener listener) {
        messages.add(listener);
    }

    void on(String event, EventListener listener) {
        events.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** {@code reply} hears the next event named {@code event}, once. */
    void onReply(String event, EventListener reply) {
        replies.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(reply);
    }

    void onClose(CloseListener listener) {
        closes.add(listener);
    }

    void onError(ErrorListener listener) {
        errors.add(listener);
    }

    synchronized void onSessionChange(Consumer<Set<String>> listener) {
        if (sessionChanges == null) {
            sessionChanges = new CopyOnWriteArrayList<>();
        }
        sessionChanges.add(listener);
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
            List<EventListener> once = replies.remove(event.name());
            if (once != null) {
                for (EventListener reply : once) {
                    run(() -> reply.event(event.data()));
                }
            }
            for (EventListener listener : events.getOrDefault(event.name(), List.of())) {
                run(() -> listener.event(event.data()));
            }
            return;
        }
        for (MessageListener listener : messages) {
            run(() -> listener.message(message));
        }
    }

    void closed(int code, String reason) {
        for (CloseListener listener : closes) {
            run(() -> listener.closed(code, reason));
        }
    }

    /** Tells the error listeners; without any, logs: an error when it is ours, debug when it is the client's. */
    void failed(Throwable failure, boolean ours) {
        if (errors.isEmpty()) {
            if (ours) {
                LOG.error("WebSocket listener failed on {}", href, failure);
            } else {
                LOG.debug("WebSocket client error on {}: {}", href, failure.toString());
            }
            return;
        }
        for (ErrorListener listener : errors) {
            try {
                listener.failed(failure);
            } catch (RuntimeException e) {
                LOG.error("a WebSocket error listener failed", e);
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
