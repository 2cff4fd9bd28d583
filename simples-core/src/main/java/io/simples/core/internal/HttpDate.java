package io.simples.core.internal;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/** The value of the {@code Date} response header, formatted at most once a second. */
public final class HttpDate {

    private record Cached(long second, String value) {
    }

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {
    }

    /** Now, as an RFC 9110 IMF-fixdate. */
    public static String now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Cached current = cached;
        if (current.second() != second) {
            current = new Cached(second, DateFormatter.format(new Date(second * 1000)));
            cached = current;
        }
        return current.value();
    }
}
