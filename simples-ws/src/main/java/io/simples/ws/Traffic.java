package io.simples.ws;

import io.simples.core.LoggerOptions;
import io.simples.core.internal.Metrics;
import io.simples.ws.internal.WebSocketAccess;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What one WebSocket carried and how it ended, for its access-log line (written when it closes)
 * and its endpoint's metrics: messages and bytes each way, who began the close. What comes in is
 * counted on the event loop alone (plain volatile fields, one writer); what goes out is written
 * from any thread, through field updaters: no object per count.
 */
final class Traffic {

    private static final AtomicLongFieldUpdater<Traffic> MESSAGES_OUT = AtomicLongFieldUpdater.newUpdater(Traffic.class, "messagesOut");
    private static final AtomicLongFieldUpdater<Traffic> BYTES_OUT = AtomicLongFieldUpdater.newUpdater(Traffic.class, "bytesOut");

    private final LoggerOptions accessLog;
    private final boolean logEvery;
    private final Metrics.WebSocketMeters meters;
    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long messagesOut;
    private volatile long bytesOut;
    private volatile String closedBy; // "client" or "server"; null while open, and when the socket just dropped

    Traffic(WebSocketAccess.Opening opening) {
        this.accessLog = opening.accessLog();
        this.logEvery = opening.logEvery();
        this.meters = opening.meters();
    }

    void opened() {
        meters.opened();
    }

    /** A message of {@code bytes} came in; on the event loop. */
    void received(int bytes) {
        messagesIn++; // non-atomic is right: the event loop is the only writer
        bytesIn += bytes;
        meters.received(bytes);
    }

    /** A message of {@code bytes} went out; from any thread. */
    void sent(int bytes) {
        MESSAGES_OUT.incrementAndGet(this);
        BYTES_OUT.addAndGet(this, bytes);
        meters.sent(bytes);
    }

    /** Who began the close ("client" or "server"), unless somebody did already. */
    void closeBegunBy(String side) {
        if (closedBy == null) {
            closedBy = side;
        }
    }

    /** The connection closed with {@code code}: counted, and logged when the router's logger option takes it. */
    void closed(WSConnection connection, int code) {
        meters.closed(code, closedBy(true));
        if (accessLog != null && accessLog.enabled().test(connection)) {
            connection.log(accessLog);
        } else if (logEvery) {
            connection.log();
        }
    }

    /** Who began the close: the client, the server, or the network once closed without either; null while open. */
    String closedBy(boolean closed) {
        String by = closedBy;
        return by != null ? by : closed ? "network" : null;
    }

    /** The access-log token {@code name} this knows, or {@code null} when it is not one of its own. */
    String token(String name) {
        return switch (name) {
            case "messages-in" -> Long.toString(messagesIn);
            case "messages-out" -> Long.toString(messagesOut);
            case "bytes-in" -> Long.toString(bytesIn);
            case "bytes-out" -> Long.toString(bytesOut);
            default -> null;
        };
    }

    long messagesIn() {
        return messagesIn;
    }

    long messagesOut() {
        return messagesOut;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }
}
