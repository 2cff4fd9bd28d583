package io.simples.ws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The asks of one connection waiting for their answers (advanced mode). Each ask has a number,
 * sent in its envelope's {@code "ask"} field; an answer that carries it back in {@code "answer"}
 * completes exactly that ask, so two asks of one event never cross. A message of the same event
 * without a number (what an original simpleS client sends as a reply, or an old-style listener)
 * answers the oldest ask of that event still waiting. A timeout fails an ask with a
 * {@link TimeoutException}, the connection's close fails every one still waiting with an
 * {@link IllegalStateException}.
 */
final class Asks {

    private final AtomicLong numbers = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile String closed; // why, once the connection closed

    private record Pending(String event, CompletableFuture<Object> answer) {
    }

    /**
     * Opens an ask of {@code event} whose answer completes {@code answer}, failed after
     * {@code timeout} (null: never); returns its number.
     */
    long open(String event, Duration timeout, CompletableFuture<Object> answer) {
        long number = numbers.incrementAndGet();
        pending.put(number, new Pending(event, answer));
        answer.whenComplete((value, failure) -> pending.remove(number));
        if (timeout != null) {
            CompletableFuture.delayedExecutor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS).execute(() ->
                    answer.completeExceptionally(new TimeoutException("no answer to \"" + event + "\" within "
                            + timeout.toMillis() + " ms")));
        }
        String why = closed;
        if (why != null) { // closed while this ask was being opened: nobody will answer it
            answer.completeExceptionally(closedBefore(event, why));
        }
        return number;
    }

    /** The answer to ask {@code number}; nothing when it is no longer waited for (it timed out). */
    void answered(long number, Object data) {
        Pending waiting = pending.remove(number);
        if (waiting != null) {
            waiting.answer().complete(data);
        }
    }

    /** A message of {@code event} without a number: the answer, the original simpleS way, to the oldest ask of that event waiting. */
    void nextOf(String event, Object data) {
        if (pending.isEmpty()) {
            return;
        }
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
            if (entry.getKey() < oldest && entry.getValue().event().equals(event)) {
                oldest = entry.getKey();
            }
        }
        if (oldest != Long.MAX_VALUE) {
            answered(oldest, data);
        }
    }

    /** The connection closed ({@code why}): every ask still waiting fails. */
    void closed(String why) {
        closed = why;
        for (Long number : pending.keySet()) {
            Pending waiting = pending.remove(number);
            if (waiting != null) {
                waiting.answer().completeExceptionally(closedBefore(waiting.event(), why));
            }
        }
    }

    private static IllegalStateException closedBefore(String event, String why) {
        return new IllegalStateException("the connection closed (" + why + ") before \"" + event + "\" was answered");
    }
}
