package io.simples.core;

import io.simples.core.internal.HeaderMap;
import io.simples.core.internal.CoreAccess;
import io.simples.core.internal.RequestHead;
import io.simples.session.Session;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What every connection tells about its request, HTTP or WebSocket alike: headers, cookies,
 * query, URL, host, client address, preferred languages, protocol, the application's
 * {@link #data()}, the user's {@link #session()}, and the access log.
 *
 * <p>{@code HTTPConnection} and {@code WSConnection} are the two kinds; applications never
 * subclass this. Every accessor is safe from any thread.
 */
public abstract class Connection {

    static {
        CoreAccess.install((connection, head) -> connection.bind(head));
    }

    /** Set once by the framework, in the subclass's constructor, before anything else sees the connection. */
    private RequestHead head;
    private volatile Map<String, Object> data;
    private Map<String, String> headers;

    /** For {@code HTTPConnection} and {@code WSConnection}, which give it its request head at once. */
    protected Connection() {
    }

    private void bind(RequestHead head) {
        if (this.head != null) {
            throw new IllegalStateException("this connection has its request head already");
        }
        this.head = head;
    }

    /**
     * The request headers; names compare without case, a repeated header gives its first value.
     *
     * @return a read-only map of header names to values
     */
    public Map<String, String> headers() {
        Map<String, String> view = headers;
        if (view == null) {
            view = new HeaderMap(head.headers());
            headers = view;
        }
        return view;
    }

    /**
     * The request cookies by name.
     *
     * @return the cookie values by name, empty when there are none
     */
    public Map<String, String> cookies() {
        return head.cookies();
    }

    /**
     * The query parameters, decoded; a repeated parameter gives its first value.
     *
     * @return the first value of each parameter by name
     */
    public Map<String, String> query() {
        return head.query();
    }

    /**
     * The query parameters, decoded, with every value of repeated ones.
     *
     * @return every value of each parameter by name, in the order sent
     */
    public Map<String, List<String>> queryAll() {
        return head.queryAll();
    }

    /**
     * The request target as sent: path and query, still encoded.
     *
     * @return the request target, like {@code /search?q=a%20b}
     */
    public String url() {
        return head.uri();
    }

    /**
     * The full URL: protocol, host, path and query.
     *
     * @return the full URL, like {@code https://example.com/search?q=a}
     */
    public String href() {
        return head.href();
    }

    /**
     * The path, percent-decoded.
     *
     * @return the decoded path, without the query
     */
    public String path() {
        return head.path();
    }

    /**
     * The {@code Host} header as sent (with the port if there was one), or "".
     *
     * @return the {@code Host} header, or an empty string when there is none
     */
    public String host() {
        return head.host();
    }

    /**
     * The host name: the {@code Host} header without the port, in lower case.
     *
     * @return the host name, or an empty string when there is no {@code Host} header
     */
    public String hostname() {
        return head.hostname();
    }

    /**
     * The client's IP address; {@code 127.0.0.1} for a connection made in the same process by the
     * test kit ({@code simples-test}), which uses no socket.
     *
     * @return the client's IP address, as text
     */
    public String ip() {
        return head.ip();
    }

    /**
     * The languages of {@code Accept-Language}, most preferred first.
     *
     * @return the language tags, empty when the header is missing
     */
    public List<String> langs() {
        return head.langs();
    }

    /**
     * {@code http}, {@code https}, {@code ws} or {@code wss}.
     *
     * @return the scheme this request came by
     */
    public String protocol() {
        return head.scheme();
    }

    /**
     * This request's id, in its logs and its response: the {@code X-Request-Id} the client or a
     * proxy sent when it is at most 128 letters, digits and {@code - _ . : + / = @}, otherwise one
     * made here. The response carries it back in {@code X-Request-Id}; while the framework runs a
     * listener for it, SLF4J's MDC holds it as {@code requestId} (and a valid W3C
     * {@code traceparent}'s trace id as {@code traceId}). A WebSocket has the id of its handshake.
     *
     * @return the id, never {@code null}
     */
    public String id() {
        return head.id();
    }

    /**
     * A free container for the application's data about this connection.
     *
     * @return a thread-safe map, the same on every call, made on first use
     */
    public Map<String, Object> data() {
        Map<String, Object> map = data;
        if (map == null) {
            synchronized (this) {
                if (data == null) {
                    data = new ConcurrentHashMap<>();
                }
                map = data;
            }
        }
        return map;
    }

    /**
     * The user's session, shared by all of the user's connections.
     *
     * @return the session
     * @throws IllegalStateException where sessions are off for this connection (turn them on with
     *         {@code server.session(SessionOptions.defaults().enabled(true))}, or on a router)
     */
    public Session session() {
        Session session = head.session();
        if (session == null) {
            throw new IllegalStateException("sessions are off for " + url() + ": turn them on with"
                    + " session(SessionOptions.defaults().enabled(true)) on the server or the router");
        }
        return session;
    }

    /**
     * True when this connection carries a session (the router's session option is on for it).
     *
     * @return whether {@link #session()} answers instead of throwing
     */
    public boolean hasSession() {
        return head.session() != null;
    }

    /** Writes an access-log line in the default format to the {@code simples.access} logger. */
    public void log() {
        log(LoggerOptions.defaults());
    }

    /**
     * Writes an access-log line in {@code format} to the {@code simples.access} logger.
     *
     * @param format the format (see {@link LoggerOptions}), or {@code null} for the default
     */
    public void log(String format) {
        log(LoggerOptions.defaults().format(format));
    }

    /**
     * Writes an access-log line as {@code options} say (its {@code enabled} is not consulted).
     *
     * @param options the format, custom tokens and sink to use
     */
    public void log(LoggerOptions options) {
        String format = options.format() == null ? defaultLogFormat() : options.format();
        StringBuilder line = new StringBuilder(64);
        for (Object part : AccessLogFormat.of(format).parts) {
            if (part instanceof AccessLogFormat.Token token) {
                Function<? super Connection, String> custom = options.tokens().get(token.name());
                String value = custom != null ? custom.apply(this) : token(token.name(), token.argument());
                line.append(value == null ? "-" : value);
            } else {
                line.append((String) part);
            }
        }
        options.sink().accept(line.toString());
    }


    /**
     * The log format used when none is given.
     *
     * @return {@link LoggerOptions#HTTP_FORMAT} or {@link LoggerOptions#WS_FORMAT}, by kind of connection
     */
    protected abstract String defaultLogFormat();

    /**
     * The value of the log token {@code %name[argument]}, or {@code null} when it has none
     * (written as "-"); an unknown token is written back as it came. Kinds of connection add their
     * own tokens and defer to this.
     *
     * @param name the token's name, without the {@code %}
     * @param argument what came between brackets after the name, or {@code null}
     * @return the text to write, {@code null} for "-", or {@code %name[argument]} for an unknown token
     */
    protected String token(String name, String argument) {
        return switch (name) {
            case "protocol" -> protocol();
            case "host" -> host();
            case "hostname" -> hostname();
            case "href" -> href();
            case "path" -> path();
            case "ip" -> ip();
            case "id" -> id();
            case "duration-us" -> Long.toString((System.nanoTime() - head.startNanos()) / 1000);
            case "utc" -> Instant.ofEpochMilli(head.start()).toString();
            case "timestamp" -> Long.toString(head.start());
            case "date", "short-date", "time", "short-time", "year", "month", "day", "hour", "minute", "second" ->
                    timeToken(name, ZonedDateTime.ofInstant(Instant.ofEpochMilli(head.start()), ZoneId.systemDefault()));
            default -> "%" + name + (argument == null ? "" : "[" + argument + "]");
        };
    }

    private static String timeToken(String name, ZonedDateTime t) {
        return switch (name) {
            case "date" -> t.toOffsetDateTime().toString();
            case "short-date" -> two(t.getDayOfMonth()) + "." + two(t.getMonthValue()) + "." + t.getYear();
            case "time" -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
            case "short-time" -> two(t.getHour()) + ":" + two(t.getMinute());
            case "year" -> Integer.toString(t.getYear());
            case "month" -> two(t.getMonthValue());
            case "day" -> two(t.getDayOfMonth());
            case "hour" -> two(t.getHour());
            case "minute" -> two(t.getMinute());
            default -> two(t.getSecond());
        };
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
