package io.simples.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.simples.core.Connection;
import io.simples.core.LoggerOptions;
import io.simples.core.internal.Handoff;
import io.simples.core.internal.JsonLine;
import io.simples.core.internal.RequestHead;
import io.simples.core.internal.SerialExecutor;
import io.simples.core.internal.Writability;
import io.simples.ws.internal.WebSocketAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: the request view it was opened with (headers, cookies, query, host,
 * ip, langs, data, session — see {@link Connection}), its {@link #params()}, and the socket.
 *
 * <p><b>States.</b> Open from the moment its endpoint's {@link WSListener} runs until it is
 * closed — by {@link #close(int, String)}, by the client, by a protocol error or by the server
 * stopping — after which {@link #onClose} listeners run once with the code and reason (1006 when
 * the socket dropped without a close frame). Sends after that are dropped, and return false.
 *
 * <p><b>Sending.</b> {@link #send(String)} (text), {@link #send(byte[])} (binary),
 * {@link #send(Object)} (JSON text) and, in advanced mode, {@link #send(String, Object)} (the
 * {@code {"event", "data"}} envelope) queue a message and return at once while the outbound
 * buffer has room; when it is full, a send from a handler thread waits for it to drain (at most
 * 30 s, then the connection closes with 1008), while broadcasts never wait: a connection that has
 * fallen more than 4 MiB behind on them is closed with 1008, so one slow client cannot grow the
 * server's memory.
 *
 * <p><b>Threads.</b> Listeners of one connection run one at a time, in the order events came,
 * on handler threads (a virtual thread on Java 21+), never on the event loop: a listener that
 * blocks stalls only its own connection. Sending and closing are safe from any thread.
 *
 * <p>What runs on which thread, for the whole framework: the "Threads" section of
 * {@code docs/ARCHITECTURE.md} in the source repository.
 */
public final class WSConnection extends Connection implements WSPeer {

    private static final Logger LOG = LoggerFactory.getLogger(WSConnection.class);
    /** How far behind (bytes queued for the socket) a connection may fall on broadcasts before it is closed. */
    static final long BROADCAST_BACKLOG = 4L << 20;

    /** Receives messages. */
    @FunctionalInterface
    public interface MessageListener {
        /**
         * Takes one message.
         *
         * @param message the message received, fragments already joined
         * @throws Exception anything; the connection's error listeners hear it (without any, it is logged)
         */
        void message(WSMessage message) throws Exception;
    }

    /** Receives the data of one advanced-mode event, decoded to plain Java (maps, lists, strings, numbers). */
    @FunctionalInterface
    public interface EventListener {
        /**
         * Takes the data of one event.
         *
         * @param data the event's {@code data}, decoded
         * @throws Exception anything; the connection's error listeners hear it (without any, it is logged)
         */
        void event(Object data) throws Exception;
    }

    /** Answers an ask ({@link #onAsk}). */
    @FunctionalInterface
    public interface Answerer {
        /**
         * Makes the answer to one ask.
         *
         * @param data the ask's {@code data}, decoded
         * @return the answer's data, encoded as JSON
         * @throws Exception anything; no answer goes (the asker's timeout tells it), and the error listeners hear it
         */
        Object answer(Object data) throws Exception;
    }

    /** Hears that the connection closed. */
    @FunctionalInterface
    public interface CloseListener {
        /**
         * Takes the end of the connection; called once.
         *
         * @param code the close code sent or received; 1006 when the socket dropped without a close frame
         * @param reason the reason that came with the code
         * @throws Exception anything; the connection's error listeners hear it (without any, it is logged)
         */
        void closed(int code, String reason) throws Exception;
    }

    /**
     * Hears failures: a listener that threw, bad JSON in advanced mode, and what the client sent
     * that closes the connection (a protocol violation, a message past the limit, a compressed
     * message that cannot be inflated), heard before the close.
     */
    @FunctionalInterface
    public interface ErrorListener {
        /**
         * Takes one failure. A {@code RuntimeException} it throws is logged; the other error listeners
         * still hear the failure.
         *
         * @param failure what went wrong
         */
        void failed(Throwable failure);
    }

    private final Channel channel;
    private final WSHost host;
    private final Map<String, String> params;
    private final List<String> offered;
    private final String subprotocol;
    private final SerialExecutor events;
    private final WSListeners listeners;
    private volatile Set<WSChannel> channels; // made when it is first bound: many connections never are
    private final Writability writability;
    private volatile boolean closing;
    private final SocketSession socketSession;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final RequestHead head;
    private volatile int closeCode = 1006;
    private volatile String closeReason = "";
    private final Traffic traffic;
    private volatile Resuming resuming; // written on the event loop: while a resume's replay is on its way

    WSConnection(RequestHead head, Channel channel, WSHost host, List<String> offered, String subprotocol,
                 WebSocketAccess.Opening opening) {
        head.bindTo(this);
        this.head = head;
        this.channel = channel;
        this.host = host;
        this.params = Map.copyOf(opening.params());
        this.offered = List.copyOf(offered);
        this.subprotocol = subprotocol;
        this.traffic = new Traffic(opening);
        this.events = new SerialExecutor(Handoff.of(channel.eventLoop(), opening.handlers()));
        this.writability = new Writability(channel);
        this.listeners = new WSListeners(this, host.options().advanced(),
                this::send);
        this.socketSession = new SocketSession(this, head, channel);
    }

    /**
     * The values of the endpoint location's {@code :name} parameters.
     *
     * @return the values by parameter name, empty when the location has none
     */
    public Map<String, String> params() {
        return params;
    }

    /**
     * The subprotocols the client offered, in its order.
     *
     * @return the names offered, empty when the client offered none
     */
    public List<String> protocols() {
        return offered;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * The WebSocket endpoint this connection belongs to.
     *
     * @return the host that accepted the connection
     */
    public WSHost endpoint() {
        return host;
    }

    @Override
    public boolean isOpen() {
        return !closing && channel.isActive();
    }

    // --- sending ---

    @Override
    public boolean send(String text) {
        return write(new TextWebSocketFrame(io.netty.buffer.ByteBufUtil.writeUtf8(channel.alloc(), text)));
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
    public WSConnection onAsk(String event, Answerer answerer) {
        listeners.onAsk(event, answerer);
        return this;
    }

    /**
     * Sends a close frame with {@code code} and {@code reason}, then closes once the client answers (at most 5 s).
     *
     * @param code the close code
     * @param reason the reason sent with it, or {@code null} for none
     * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 §7.4: 1000–1003,
     *         1007–1014 and 3000–4999 may; 1005 and 1006 only ever describe a close, never travel)
     */
    @Override
    public void close(int code, String reason) {
        Closing.requireSendable(code);
        if (closing) {
            return;
        }
        closing = true;
        traffic.closeBegunBy("server");
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        if (!channel.isActive()) {
            return;
        }
        String sentReason = closeReason;
        socketSession.afterSave(() -> Closing.send(channel, code, sentReason));
    }

    /**
     * Completes when the connection has closed and its session's last changes are saved;
     * completes exceptionally when that save failed. A stopping server waits for it.
     *
     * @return the future of the connection's end
     */
    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    // --- listening ---

    @Override
    public WSConnection onMessage(MessageListener listener) {
        listeners.onMessage(listener);
        return this;
    }

    @Override
    public WSConnection on(String event, EventListener listener) {
        listeners.on(event, listener);
        return this;
    }

    @Override
    public WSConnection onClose(CloseListener listener) {
        listeners.onClose(listener);
        return this;
    }

    /**
     * Listens for values written to this connection's session: by a save of any of the user's
     * connections on this server, or by another server of the cluster (see {@code Cluster}), in
     * which case the session already holds them when the listener runs. Gets the keys written.
     * Runs in order with this connection's other listeners.
     *
     * @param listener hears the keys written
     * @return this connection, for chaining
     * @throws NullPointerException when {@code listener} is {@code null}
     */
    public WSConnection onSessionChange(Consumer<Set<String>> listener) {
        listeners.onSessionChange(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public WSConnection onError(ErrorListener listener) {
        listeners.onError(listener);
        return this;
    }

    // --- logging ---

    @Override
    protected String defaultLogFormat() {
        return LoggerOptions.WS_FORMAT;
    }

    // --- for the frame handler, on the event loop ---

    void opened(WSListener listener) {
        traffic.opened();
        Recovery recovery = host.recoveryKept();
        socketSession.opened(() -> {
            if (recovery != null) {
                recovery.refresh(this);
            }
        });
        if (recovery != null) {
            recovery.opening(this);
        }
        events.execute(() -> {
            try {
                listener.handle(this);
            } catch (Exception | Error e) { // RFC 6455 §7.4.1: 1011, the server met a condition it did not expect
                listeners.failed(e, true);
                close(1011, "the server could not open this connection");
                return;
            }
            host.add(this); // joins the host's broadcasts with what its open listener set up
            if (closing) {
                host.remove(this); // inactive() may have missed it
            } else if (recovery != null) {
                recovery.opened(this);
            }
        });
    }

    /** A save wrote {@code keys} of this connection's session: its listeners hear them, in order. */
    void sessionChanged(Set<String> keys) {
        events.execute(() -> listeners.sessionChanged(keys));
    }

    void received(WSMessage message) {
        traffic.received(message.size());
        if (events.runsInline()) {
            listeners.deliver(message); // on the event loop: no task to make per message
        } else {
            events.execute(() -> listeners.deliver(message));
        }
    }

    void closeReceived(int code, String reason) {
        if (!closing) {
            closing = true;
            traffic.closeBegunBy("client");
            closeCode = code < 0 ? 1005 : code;
            closeReason = reason == null ? "" : reason;
            // echo the close (RFC 6455 §5.5.1) once the session is saved, then end the TCP connection
            CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
            socketSession.afterSave(() -> channel.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE));
        } else {
            channel.close();
        }
    }

    /** The end of the connection: what its session held is saved, or failed to be. */
    private void finish(Throwable failure) {
        if (failure == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(failure);
        }
    }

    /**
     * The connection failed at the protocol level and the decoder already sent the close frame
     * with {@code code}: error listeners hear {@code cause}, then close listeners the code.
     */
    void failedWith(int code, String reason, Throwable cause) {
        if (!closing) {
            closing = true;
            traffic.closeBegunBy("server");
            closeCode = code;
            closeReason = reason;
        }
        events.execute(() -> listeners.failed(cause, false));
    }

    /** The client sent what cannot be taken: error listeners hear {@code cause}, then it closes with {@code code}. */
    void fail(int code, String reason, Throwable cause) {
        events.execute(() -> listeners.failed(cause, code == 1011));
        close(code, reason);
    }

    void inactive() {
        closing = true;
        socketSession.ended().whenComplete((ended, failure) -> finish(failure));
        writability.released();
        Resuming waiting = resuming;
        if (waiting != null) { // closed before its replay came
            resuming = null;
            waiting.drop();
        }
        Set<WSChannel> joined = channels;
        if (joined != null) {
            for (WSChannel bound : joined) {
                bound.unbind(this);
            }
        }
        host.remove(this);
        int code = closeCode;
        String reason = closeReason;
        events.execute(() -> listeners.closed(code, reason));
        traffic.closed(this, code);
    }

    void writabilityChanged() {
        writability.changed();
    }

    // --- for WSHost and WSChannel ---

    /** Writes a broadcast copy; never waits: a connection that cannot take it is closed with 1008. */
    void broadcast(WebSocketFrame frame) {
        if (closing || !channel.isActive()) {
            frame.release();
            return;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > BROADCAST_BACKLOG) {
            frame.release();
            LOG.debug("closing a WebSocket that is too slow to take broadcasts: {}", this);
            close(1008, "too slow");
            return;
        }
        sent(frame);
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** A kept message of {@code stream} ({@code id} null: not kept after all): held back while a resume replays, else sent. */
    void recorded(String stream, String id, WebSocketFrame frame) {
        Resuming waiting = resuming;
        if (waiting == null) {
            broadcast(frame);
        } else if (!waiting.hold(stream, id, frame)) {
            close(1008, "too slow");
        }
    }

    Resuming resuming() {
        return resuming;
    }

    /** On the event loop, before the open listener: this connection resumes from {@code started}'s positions. */
    void resuming(Resuming started) {
        resuming = started;
    }

    /** The replay is read: on the event loop, the connection writes it and goes live (see {@link Resuming#finish}). */
    void resumed(List<Recovery.Kept> replay, Map<String, String> floor, boolean recovered) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> resumed(replay, floor, recovered));
            return;
        }
        Resuming done = resuming;
        resuming = null;
        Resuming.finish(this, done, replay, floor, recovered);
    }

    void bound(WSChannel channel) {
        Set<WSChannel> joined = channels;
        if (joined == null) {
            synchronized (this) {
                joined = channels;
                if (joined == null) {
                    joined = ConcurrentHashMap.newKeySet(2);
                    channels = joined;
                }
            }
        }
        joined.add(channel);
    }

    void unbound(WSChannel channel) {
        Set<WSChannel> joined = channels;
        if (joined != null) {
            joined.remove(channel);
        }
    }

    Channel channel() {
        return channel;
    }

    private boolean write(WebSocketFrame frame) {
        if (closing || !channel.isActive()) {
            frame.release();
            return false;
        }
        sent(frame);
        channel.writeAndFlush(frame, channel.voidPromise());
        if (!writability.await()) {
            close(1008, "too slow");
        }
        return true;
    }

    private void sent(WebSocketFrame frame) {
        traffic.sent(frame.content().readableBytes());
    }

    @Override
    protected String token(String name, String argument) {
        String counted = traffic.token(name);
        if (counted != null) {
            return counted;
        }
        return switch (name) {
            case "method" -> "GET";
            case "status" -> "101";
            case "req" -> argument == null ? null : headers().get(argument);
            case "res" -> null;
            case "close-code" -> Integer.toString(closeCode);
            case "closed-by" -> traffic.closedBy(closing);
            case "json" -> new JsonLine().text("time", token("utc", null)).text("id", id()).text("protocol", protocol())
                    .text("path", path()).number("duration_us", Long.parseLong(token("duration-us", null)))
                    .number("messages_in", traffic.messagesIn()).number("messages_out", traffic.messagesOut())
                    .number("bytes_in", traffic.bytesIn()).number("bytes_out", traffic.bytesOut())
                    .number("close_code", closeCode).text("closed_by", traffic.closedBy(closing))
                    .text("remote", ip()).text("user_agent", headers().get("user-agent")).toString();
            default -> super.token(name, argument);
        };
    }

    @Override
    public String toString() {
        return "WSConnection[" + href() + " " + id() + "]";
    }

    /** Text frames of broadcasts are built once from this. */
    static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
