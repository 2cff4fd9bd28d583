package io.simples.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.simples.http.internal.EventFormat;
import io.simples.http.internal.Exchange;
import io.simples.http.internal.Response;
import io.simples.http.internal.Transport;
import io.simples.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open Server-Sent Events stream ({@code text/event-stream}): a response that stays open and
 * carries events to a browser's {@code EventSource} (or any client) until either side ends it.
 * Made by an event-stream route ({@link Router#events}); over HTTP/1.1 and HTTP/2 alike.
 *
 * <p><b>Sending.</b> {@link #send(Object)}, {@link #send(String, Object)} and
 * {@link #send(String, Object, String)} send an event (a {@code String} as it is, anything else as
 * JSON; text with line breaks as several {@code data:} lines, which the client joins back),
 * {@link #retry(Duration)} the client's reconnection delay, {@link #comment(String)} a comment.
 * Each returns false once the stream is closed. A send from a handler thread waits while the
 * client does not read (at most 30 s, then the stream is closed); broadcasts never wait: a stream
 * more than 4 MiB behind is closed, as a WebSocket is, so one slow client cannot grow the
 * server's memory. A comment goes every {@link EventHost#keepAlive() 15 s} of its host, so that
 * proxies do not take a quiet stream for a dead one. The response is never compressed and no
 * route timeout applies to it.
 *
 * <p><b>Resuming.</b> A browser that loses the stream opens it again by itself, sending the id of
 * the last event it got: {@link #lastEventId()}, for the listener to send what it missed.
 *
 * <p><b>Sessions.</b> As for a WebSocket: while the stream is open its session stays live (kept
 * from expiring in the store), is saved when the stream ends, and a session destroyed anywhere in
 * the cluster closes the stream.
 *
 * <p><b>Closing.</b> {@link #close()} ends the response (the browser reconnects after its retry
 * delay, unless the page closes its {@code EventSource}); the client going away, the session
 * destroyed, a slow client and a stopping server close it too. {@link #onClose} listeners then run
 * once, on a handler thread.
 */
public final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    /** How far behind (bytes queued for the client) a stream may fall before it is closed. */
    static final long BACKLOG = 4L << 20;
    private static final Runnable NOTHING = () -> { };

    private final EventHost host;
    private final HTTPConnection connection;
    private final Exchange exchange;
    private final Response response;
    private final Transport transport;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean open;
    private Session session; // set when it opens, read once it is closed
    private Runnable cancelKeepAlive = NOTHING;
    private Runnable cancelRefresh = NOTHING;
    private Runnable forgetEnd = NOTHING;
    private Runnable cancelOnClose = NOTHING;
    /** A destroyed session ends its streams (a logged-out user keeps no open stream). */
    private final Session.Listener sessionEvents = new Session.Listener() {
        @Override
        public void destroyed(Session destroyed) {
            close();
        }
    };

    EventStream(EventHost host, HTTPConnection connection) {
        this.host = host;
        this.connection = connection;
        this.exchange = connection.exchange();
        this.response = exchange.response();
        this.transport = exchange.transport();
    }

    /**
     * The request the stream came by, and its response: params, headers, cookies, the session.
     *
     * @return the stream's connection; its response is the stream's, so it must not be written to
     */
    public HTTPConnection connection() {
        return connection;
    }

    /**
     * The host whose streams this one is among.
     *
     * @return the event-stream route's host
     */
    public EventHost host() {
        return host;
    }

    /**
     * The id of the last event the client got before it reconnected (its {@code Last-Event-ID}
     * header), for the listener to send what the client missed.
     *
     * @return the id, or null on a first connection
     */
    public String lastEventId() {
        return exchange.head().header("Last-Event-ID");
    }

    /**
     * Sends an unnamed event (a {@code message} event to the client).
     *
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @return false when the stream is closed
     */
    public boolean send(Object data) {
        return send(null, data, null);
    }

    /**
     * Sends the event {@code event}.
     *
     * @param event the event's name (what {@code addEventListener} listens to), or null for {@code message}
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @return false when the stream is closed
     * @throws IllegalArgumentException when {@code event} holds a line break
     */
    public boolean send(String event, Object data) {
        return send(event, data, null);
    }

    /**
     * Sends the event {@code event} with an id, which a reconnecting client sends back in
     * {@code Last-Event-ID} ({@link #lastEventId()}).
     *
     * @param event the event's name, or null for {@code message}
     * @param data the data: a {@code String} as it is, anything else as JSON
     * @param id the event's id, or null for none
     * @return false when the stream is closed
     * @throws IllegalArgumentException when {@code event} or {@code id} holds a line break, or {@code id} a NUL
     */
    public boolean send(String event, Object data, String id) {
        return write(EventFormat.event(event, data, id), true);
    }

    /**
     * Tells the client how long to wait before it reconnects when the stream ends.
     *
     * @param delay the reconnection delay, in milliseconds on the wire
     * @return false when the stream is closed
     */
    public boolean retry(Duration delay) {
        return write(EventFormat.retry(delay), true);
    }

    /**
     * Sends a comment, which clients ignore (for a proxy, or a person reading the stream).
     *
     * @param text the comment; each of its lines becomes a comment line
     * @return false when the stream is closed
     */
    public boolean comment(String text) {
        return write(EventFormat.comment(text), true);
    }

    /**
     * Tells whether the stream is open: its head went out and nothing closed it.
     *
     * @return true while events can be sent
     */
    public boolean isOpen() {
        return open && !closed.get();
    }

    /**
     * Runs {@code listener} once the stream is closed, however it closes; at once (on a handler
     * thread) when it is closed already.
     *
     * @param listener what runs
     * @return this stream, for chaining
     */
    public EventStream onClose(Runnable listener) {
        closeListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        if (closed.get() && closeListeners.remove(listener)) {
            exchange.application().handlers().execute(() -> run(listener));
        }
        return this;
    }

    /** Ends the stream: the response ends (after the session's save); nothing when it is closed already. */
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            open();
            response.end();
        } catch (IllegalStateException answered) {
            // it had ended already (the client went, or the listener answered otherwise)
        }
        ended();
    }

    // --- for EventHost ---

    /** Sends the head, once, unless the response was answered otherwise; then the stream is among its host's. */
    synchronized void open() {
        if (open || closed.get()) {
            return;
        }
        if (response.headSent() || response.ended()) {
            throw new IllegalStateException("cannot open the event stream: its response was already answered");
        }
        response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache").header("X-Accel-Buffering", "no");
        response.compression(null, null); // an encoder would hold events back until its buffer fills
        transport.idleTimeout(Duration.ZERO); // quiet for minutes on purpose: the keep-alive comments show it lives
        exchange.openEnded();
        open = true;
        host.add(this); // before the head goes: a client that has read it finds its stream among its host's
        try {
            response.write(Unpooled.EMPTY_BUFFER, false); // the head, with the session cookie
        } catch (IllegalStateException answered) { // ended meanwhile (the client went): the stream never opened
            ended();
            throw answered;
        }
        forgetEnd = transport.openEnded(this::close);
        Duration every = host.keepAlive();
        if (!every.isZero()) {
            cancelKeepAlive = transport.every(every, () -> write(EventFormat.KEEP_ALIVE, false));
        }
        session = exchange.head().session();
        if (session != null) {
            session.addListener(sessionEvents);
            Session live = session; // while the stream is open its session must not expire in the store
            cancelRefresh = transport.every(Duration.ofMillis(Math.max(1000, live.timeout().toMillis() / 2)), live::update);
        }
        cancelOnClose = transport.onClose(this::ended); // last: on a closed connection it runs at once, and undoes all of the above
    }

    /** Sends a broadcast's encoded event, never waiting. */
    void broadcast(byte[] event) {
        write(event, false);
    }

    // --- the stream's life ---

    private boolean write(byte[] text, boolean wait) {
        if (!open) {
            if (closed.get()) {
                return false;
            }
            open(); // a send from the listener opens the stream
        }
        if (closed.get()) {
            return false;
        }
        if (transport.backlog() > BACKLOG) {
            LOG.debug("closing an event stream that is too slow to take its events: {}", connection.path());
            response.abort();
            ended();
            return false;
        }
        try {
            response.write(Unpooled.wrappedBuffer(text), wait);
            return true;
        } catch (IllegalStateException ended) { // closed meanwhile, or the client did not read for 30 s
            ended();
            return false;
        }
    }

    /** Once, however the stream ended: it leaves its host, its timers stop, its close listeners run. */
    private void ended() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Session held;
        synchronized (this) {
            cancelKeepAlive.run();
            cancelRefresh.run();
            forgetEnd.run();
            cancelOnClose.run();
            held = session;
        }
        if (held != null) {
            held.removeListener(sessionEvents);
        }
        host.remove(this);
        if (!closeListeners.isEmpty()) {
            exchange.application().handlers().execute(() -> {
                for (Runnable listener : closeListeners) {
                    run(listener);
                }
            });
        }
    }

    private void run(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException | Error e) {
            exchange.application().reportError(exchange.router(), connection, e);
        }
    }

    @Override
    public String toString() {
        return "EventStream[" + connection.href() + " " + connection.id() + "]";
    }
}
