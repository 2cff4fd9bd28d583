package io.simples.core.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Date;

/**
 * The standard parts of every response head we write: the status line, named as RFC 9110 names
 * it, and the {@code Date} header.
 *
 * <p>Netty keeps some of the older reason phrases (413 "Request Entity Too Large", 422
 * "Unprocessable Entity"); a status line and the problem document or error page that explains it
 * must say the same thing. The date is formatted at most once a second.
 */
public final class ResponseHeads {

    private static final HttpResponseStatus CONTENT_TOO_LARGE = new HttpResponseStatus(413, "Content Too Large");
    private static final HttpResponseStatus URI_TOO_LONG = new HttpResponseStatus(414, "URI Too Long");
    private static final HttpResponseStatus RANGE_NOT_SATISFIABLE = new HttpResponseStatus(416, "Range Not Satisfiable");
    private static final HttpResponseStatus UNPROCESSABLE_CONTENT = new HttpResponseStatus(422, "Unprocessable Content");

    private record Cached(long second, String value) {
    }

    private static volatile Cached date = new Cached(-1, "");

    private ResponseHeads() {
    }

    /** The status for {@code code}, with its RFC 9110 reason phrase. */
    public static HttpResponseStatus status(int code) {
        return switch (code) {
            case 413 -> CONTENT_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 416 -> RANGE_NOT_SATISFIABLE;
            case 422 -> UNPROCESSABLE_CONTENT;
            default -> HttpResponseStatus.valueOf(code);
        };
    }

    /** The reason phrase of {@code code} ("Content Too Large"). */
    static String reason(int code) {
        return status(code).reasonPhrase();
    }

    /** The value of the {@code Date} header now, as an RFC 9110 IMF-fixdate. */
    public static String date() {
        long second = System.currentTimeMillis() / 1000;
        Cached current = date;
        if (current.second() != second) {
            current = new Cached(second, DateFormatter.format(new Date(second * 1000)));
            date = current;
        }
        return current.value();
    }
}
