package io.simples.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.SerialExecutor;
import io.simples.ws.WSConnection.Answerer;
import io.simples.ws.WSConnection.CloseListener;
import io.simples.ws.WSConnection.ErrorListener;
import io.simples.ws.WSConnection.EventListener;
import io.simples.ws.WSConnection.MessageListener;
import io.simples.ws.internal.WebSocketAccess;
import io.simples.ws.internal.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The client's end of a WebSocket: what {@code Client.ws(url, options)} opens. It has the shape
 * of {@link WSConnection} (the server's end): {@code send} text, bytes, JSON or, in advanced mode,
 * events ({@code {"event": name, "data": value}}, one text frame each, as our server and the
 * original simpleS speak it) with an optional one-time reply; {@code on}, {@code onMessage},
 * {@code onClose}, {@code onError}; {@code close}. Frames it sends are masked (RFC 6455 §5.3),
 * pings are answered, messages past the options' limit close it with 1009.
 *
 * <p>Listeners run one at a time, in order, on a handler thread (never on the I/O thread).
 * Register them before {@link #open()}: nothing the server sends is missed.
 */
public final class ClientConnection implements WSPeer {

    static {
        WebSocketAccess.install(ClientConnection::new);
    }

    private final URI asked; // the URL as given
    private volatile URI url; // with the resume request in advanced mode
    private final Positions positions = new Positions();
    private final WSOptions options;
    private final WSListeners listeners;
    private final Executor handlers;
    private volatile Executor target; // the handler threads; once open, through the connection's event loop's hand-off
    private final SerialExecutor events;
    private final CompletableFuture<ClientConnection> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final WebSocketClient.Connector connector;
    private boolean connecting; // under this object's lock
    private volatile Channel channel;
    private volatile String subprotocol;
    private volatile boolean closing;
    private volatile int closeCode = 1006;
    private volatile String closeReason = "";

    private ClientConnection(URI url, WSOptions options, Executor handlers, WebSocketClient.Connector connector) {
        this.asked = url;
        this.url = options.advanced() ? positions.resumeUrl(url) : url;
        this.options = options;
        this.listeners = new WSListeners(url.toString(), options.advanced(),
                this::send);
        this.listeners.keep(positions);
        this.handlers = handlers;
        this.target = handlers;
        this.events = new SerialExecutor(task -> target.execute(task));
        this.connector = connector;
    }

    /**
     * Connects and shakes hands; the future completes with this connection once it is open, or
     * fails with the reason (the same exceptions as an HTTP request's, and a
     * {@link java.net.ProtocolException} naming the status when the server refuses the upgrade).
     * A second call returns the same future.
     *
     * @return the future of the open connection
     */
    public synchronized CompletableFuture<ClientConnection> open() {
        if (!connecting) {
            connecting = true;
            if (closing) {
                opened.completeExceptionally(new IllegalStateException("closed before it was opened: " + url));
                return opened;
            }
            connector.connect(this, options, new Frames(this)).whenComplete((connected, failure) -> {
                // completed on a handler thread: what the caller chains on open() may block
                if (failure != null) {
                    handlers.execute(() -> {
                        opened.completeExceptionally(failure);
                        closed.complete(null);
                    });
                } else {
                    subprotocol = connected.subprotocol();
                    handlers.execute(() -> opened.complete(this));
                }
            });
        }
        return opened;
    }

    /**
     * Resumes where {@code previous} (a connection that closed or dropped) left: the server, if its
     * host keeps {@linkplain WSHost#recovery recovery}, sends first what {@code previous}'s session
     * missed since its last message, in order, then the event {@code simples:resumed}
     * ({@code {"recovered": true|false, "replayed": n}}; false when it was away too long). The
     * connection must belong to the same session (the client's cookie jar sees to that) and the
     * host may be another server of the cluster. Call it before {@link #open()}. (In advanced
     * mode the URL always carries the query parameter {@code simples-resume}, with the positions
     * to resume from or {@code []}; a server without recovery ignores it.)
     *
     * @param previous the connection to resume from
     * @return this connection, for chaining
     * @throws IllegalStateException when this connection was opened already
     */
    public synchronized ClientConnection resumeFrom(ClientConnection previous) {
        if (connecting) {
            throw new IllegalStateException("resume before open(): " + url);
        }
        positions.takeFrom(previous.positions);
        url = positions.resumeUrl(asked);
        return this;
    }

    /**
     * The URL connected to.
     *
     * @return the WebSocket URL
     */
    public URI url() {
        return url;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOpen() {
        Channel current = channel;
        return current != null && current.isActive() && !closing;
    }

    // --- sending ---

    @Override
    public boolean send(String text) {
        Channel current = channel;
        return current != null && write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(current.alloc(), text)));
    }

    @Override
    public boolean send(byte[] bytes) {
        return write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    @Override
    public boolean send(String event, Object data, EventListener reply) {
        return listeners.send(event, data, reply);
    }

    @Override
    public CompletableFuture<Object> ask(String event, Object data, Duration timeout) {
        return listeners.ask(event, data, Objects.requireNonNull(timeout, "timeout"));
    }

    @Override
    public ClientConnection onAsk(String event, Answerer answerer) {
        listeners.onAsk(event, answerer);
        return this;
    }

    private boolean write(WebSocketFrame frame) {
        Channel current = channel;
        if (current == null || closing || !current.isActive()) {
            frame.release();
            return false;
        }
        current.writeAndFlush(frame);
        return true;
    }

    // --- closing ---

    /**
     * Sends a close frame with {@code code} and {@code reason}, and closes the connection when the
     * server answers (at most 5 s later).
     *
     * @param code the close code
     * @param reason the reason sent with it, or {@code null} for none
     * @throws IllegalArgumentException for a code that may not be sent (RFC 6455 §7.4)
     */
    @Override
    public void close(int code, String reason) {
        Closing.requireSendable(code);
        Channel current;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            closeCode = code;
            closeReason = reason == null ? "" : reason;
            current = channel;
            if (current == null) { // not open yet: the close goes out as soon as it is (Frames.opened), or never opens
                if (!connecting) {
                    closed.complete(null);
                }
                return;
            }
        }
        sendClose(current);
    }

    private void sendClose(Channel current) {
        Closing.send(current, closeCode, closeReason);
    }

    /**
     * Completes when the connection has closed (or never opened).
     *
     * @return the future of the connection's end
     */
    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    // --- listening ---

    @Override
    public ClientConnection onMessage(MessageListener listener) {
        listeners.onMessage(listener);
        return this;
    }

    @Override
    public ClientConnection on(String event, EventListener listener) {
        listeners.on(event, listener);
        return this;
    }

    @Override
    public ClientConnection onClose(CloseListener listener) {
        listeners.onClose(listener);
        return this;
    }

    @Override
    public ClientConnection onError(ErrorListener listener) {
        listeners.onError(listener);
        return this;
    }

    @Override
    public String toString() {
        return "ClientConnection[" + url + (isOpen() ? "" : ", not open") + "]";
    }

    /** What the connection's pipeline tells it, on the I/O thread; each becomes a task of the serial executor. */
    static final class Frames implements WebSocketClient.Events {

        private final ClientConnection connection;

        Frames(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public void opened(Channel channel) {
            boolean closeNow;
            synchronized (connection) {
                connection.channel = channel;
                closeNow = connection.closing; // close() came while the handshake was on its way
            }
            connection.target = Handoff.of(channel.eventLoop(), connection.handlers); // one wake-up per turn of the loop
            if (closeNow) {
                connection.sendClose(channel);
            }
        }

        @Override
        public void message(boolean binary, byte[] payload) {
            WSMessage message = new WSMessage(binary, payload);
            connection.events.execute(() -> connection.listeners.deliver(message));
        }

        @Override
        public void closeReceived(int code, String reason) {
            if (!connection.closing) { // the server began: answer with the same code
                connection.closing = true;
                connection.closeCode = code;
                connection.closeReason = reason;
            }
        }

        @Override
        public boolean initiatedByUs() {
            return connection.closing;
        }

        @Override
        public void failed(Throwable failure) {
            connection.events.execute(() -> connection.listeners.failed(failure, false));
        }

        @Override
        public void closed(boolean clean) {
            int code = clean ? connection.closeCode : 1006;
            String reason = clean ? connection.closeReason : "";
            connection.events.execute(() -> {
                connection.listeners.closed(code, reason);
                connection.closed.complete(null);
            });
        }
    }
}
