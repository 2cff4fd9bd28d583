package io.simples.core;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How connections write access-log lines: whether (the router {@code logger} option), in which
 * format, with which custom tokens, and to which sink.
 *
 * <p>A format is text with tokens: {@code %protocol %host %hostname %href %path %ip}, the
 * request's {@code %id} ({@link Connection#id()}), {@code %duration-us} (microseconds since the
 * request head came: the exchange for HTTP, the connection's life for a WebSocket), for HTTP also
 * {@code %method %version %status %lang %type %route %bytes %req[Header] %res[Header]}
 * ({@code %route} is the answering route's location, {@code /users/:id}; {@code %bytes} the body's
 * bytes as sent), for a WebSocket, whose line is written when it closes, also
 * {@code %messages-in %messages-out %bytes-in %bytes-out %close-code %closed-by}, and the time of
 * the request {@code %date %short-date %time %short-time %timestamp %utc %year %month %day %hour
 * %minute %second}. {@value #JSON_FORMAT} alone is one JSON object per line, for log shippers:
 * {@code time id protocol version method route path status bytes duration_us remote user_agent}
 * for HTTP, {@code time id protocol path duration_us messages_in messages_out bytes_in bytes_out
 * close_code closed_by remote user_agent} for a WebSocket.
 * A custom token is a function of the connection. {@code null} format means the connection's
 * default: {@value #HTTP_FORMAT} for HTTP, {@value #WS_FORMAT} for WebSocket. The default sink
 * is the SLF4J logger {@code simples.access} at INFO.
 *
 * @param enabled which connections are logged (the router option); {@link Connection#log}
 *                logs whatever this says
 * @param format the format, or {@code null} for the connection's default
 * @param tokens custom tokens by name, without the {@code %}
 * @param sink where each line goes
 */
public record LoggerOptions(Predicate<? super Connection> enabled, String format,
                            Map<String, Function<? super Connection, String>> tokens,
                            Consumer<String> sink) {

    /** The default HTTP format. */
    public static final String HTTP_FORMAT = "%short-date %time %method %href %status";
    /** The default WebSocket format. */
    public static final String WS_FORMAT = "%short-date %time %protocol %href";
    /** The format of one JSON object per line. */
    public static final String JSON_FORMAT = "%json";

    private static final Logger ACCESS = LoggerFactory.getLogger("simples.access");
    private static final LoggerOptions DEFAULTS =
            new LoggerOptions(connection -> false, null, Map.of(), ACCESS::info);

    /**
     * Checks and copies the parts.
     *
     * @param enabled which connections are logged
     * @param format the format, or {@code null} for the connection's default
     * @param tokens custom tokens by name, copied
     * @param sink where each line goes
     * @throws NullPointerException when {@code enabled}, {@code tokens} or {@code sink} is {@code null}
     */
    public LoggerOptions {
        Objects.requireNonNull(enabled, "enabled");
        tokens = Map.copyOf(tokens);
        Objects.requireNonNull(sink, "sink");
    }

    /**
     * Disabled, default format, no custom tokens, the {@code simples.access} logger.
     *
     * @return the default options
     */
    public static LoggerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options, enabled or disabled for every connection.
     *
     * @param on whether every connection is logged
     * @return a copy enabled for all connections or for none
     */
    public LoggerOptions enabled(boolean on) {
        return new LoggerOptions(connection -> on, format, tokens, sink);
    }

    /**
     * These options, enabled for the connections {@code which} accepts.
     *
     * @param which the test a connection must pass to be logged
     * @return a copy enabled for those connections
     */
    public LoggerOptions enabled(Predicate<? super Connection> which) {
        return new LoggerOptions(which, format, tokens, sink);
    }

    /**
     * These options with another format.
     *
     * @param newFormat the format, or {@code null} for the connection's default
     * @return a copy with that format
     */
    public LoggerOptions format(String newFormat) {
        return new LoggerOptions(enabled, newFormat, tokens, sink);
    }

    /**
     * These options with one more custom token, {@code %name}.
     *
     * @param name the token's name, without the {@code %}; an existing token of that name is replaced
     * @param value what the token writes for a connection
     * @return a copy with that token
     */
    public LoggerOptions token(String name, Function<? super Connection, String> value) {
        var more = new java.util.HashMap<>(tokens);
        more.put(name, value);
        return new LoggerOptions(enabled, format, more, sink);
    }

    /**
     * These options writing to another sink.
     *
     * @param newSink where each line goes
     * @return a copy with that sink
     */
    public LoggerOptions sink(Consumer<String> newSink) {
        return new LoggerOptions(enabled, format, tokens, newSink);
    }
}
