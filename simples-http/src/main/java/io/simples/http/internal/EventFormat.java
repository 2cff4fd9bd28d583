package io.simples.http.internal;

import io.simples.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The text of Server-Sent Events (the HTML Living Standard, "Server-sent events", §9.2.5): what
 * a stream sends, built once per event as UTF-8 bytes, so that a broadcast encodes it once for
 * every stream and every server. Data that is not a {@code String} goes as JSON; data with line
 * breaks ({@code \r\n}, {@code \r} or {@code \n}) becomes one {@code data:} line per line, which
 * the client joins back with {@code \n}. An event name or id with a line break would end its
 * field early and let the rest be read as fields of its own, so it is refused, as is an id with
 * {@code NUL} (clients ignore such an id).
 */
public final class EventFormat {

    /** What keeps a quiet stream from looking dead to proxies: a comment line, which clients ignore. */
    public static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private EventFormat() {
    }

    /**
     * One event: its name (the {@code message} event when null), its id (none when null), its data.
     *
     * @throws IllegalArgumentException when the name or the id holds a line break, or the id a {@code NUL}
     */
    public static byte[] event(String name, Object data, String id) {
        StringBuilder text = new StringBuilder(64);
        if (name != null) {
            text.append("event: ").append(field("an event name", name, false)).append('\n');
        }
        if (id != null) {
            text.append("id: ").append(field("an event id", id, true)).append('\n');
        }
        lines(text, "data: ", data instanceof String string ? string : Json.MAPPER.writeValueAsString(data));
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The reconnection delay the client waits after the stream ends before it opens it again.
     *
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    public static byte[] retry(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a reconnection delay cannot be negative, got " + delay);
        }
        return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A comment, one {@code :} line per line of {@code text}; clients ignore it. */
    public static byte[] comment(String text) {
        StringBuilder lines = new StringBuilder(text.length() + 8);
        lines(lines, ": ", text);
        return lines.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code text} as lines that each begin with {@code prefix}, split at every line break. */
    private static void lines(StringBuilder out, String prefix, String text) {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(prefix).append(text, start, i).append('\n');
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append(prefix).append(text, start, length).append('\n');
    }

    private static String field(String what, String value, boolean id) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || id && c == '\0') {
                throw new IllegalArgumentException(what + " cannot hold " + (c == '\0' ? "NUL" : "a line break")
                        + ", got \"" + value.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "\"");
            }
        }
        return value;
    }
}
