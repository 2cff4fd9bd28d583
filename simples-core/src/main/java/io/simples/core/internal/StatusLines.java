package io.simples.core.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The statuses we answer with, named as RFC 9110 names them. Netty keeps some of the older
 * names (413 "Request Entity Too Large", 422 "Unprocessable Entity"); a status line and the
 * problem document or error page that explains it must say the same thing.
 */
public final class StatusLines {

    private static final HttpResponseStatus CONTENT_TOO_LARGE = new HttpResponseStatus(413, "Content Too Large");
    private static final HttpResponseStatus URI_TOO_LONG = new HttpResponseStatus(414, "URI Too Long");
    private static final HttpResponseStatus RANGE_NOT_SATISFIABLE = new HttpResponseStatus(416, "Range Not Satisfiable");
    private static final HttpResponseStatus UNPROCESSABLE_CONTENT = new HttpResponseStatus(422, "Unprocessable Content");

    private StatusLines() {
    }

    /** The status for {@code code}, with its RFC 9110 reason phrase. */
    public static HttpResponseStatus of(int code) {
        return switch (code) {
            case 413 -> CONTENT_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 416 -> RANGE_NOT_SATISFIABLE;
            case 422 -> UNPROCESSABLE_CONTENT;
            default -> HttpResponseStatus.valueOf(code);
        };
    }

    /** The reason phrase of {@code code} ("Content Too Large"). */
    public static String reason(int code) {
        return of(code).reasonPhrase();
    }
}
