package io.simples.core.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The id of every request: the {@code X-Request-Id} a client or proxy sent when it is safe to
 * repeat (at most {@value #MAX_LENGTH} characters, letters, digits and {@code - _ . : + / = @}),
 * otherwise one made here; and the trace id of a W3C {@code traceparent} header.
 *
 * <p>A made id is this process's random prefix (48 bits, drawn once) and a counter, in hex:
 * {@code 3f9a1c22b07e-1f4}. Unique across the processes of a cluster without coordination, sortable
 * within one process, and cheap: no {@code SecureRandom} and no UUID per request.
 */
final class RequestIds {

    /** The longest incoming id kept; a longer one is replaced. */
    public static final int MAX_LENGTH = 128;

    private static final String PREFIX = prefix();
    private static final AtomicLong COUNTER = new AtomicLong();

    private RequestIds() {
    }

    /** {@code incoming} when it may be repeated in logs and headers as it is, else a new id. */
    public static String accept(String incoming) {
        return valid(incoming) ? incoming : next();
    }

    /** A new id. */
    public static String next() {
        return PREFIX.concat(Long.toHexString(COUNTER.incrementAndGet()));
    }

    /** True when {@code id} is one to keep: not empty, not too long, only safe characters. */
    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!safe(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The trace id of a W3C Trace Context {@code traceparent} header
     * ({@code version-traceid-parentid-flags}, lower-case hex), or {@code null} when the header is
     * absent or not valid: an unknown version {@code ff}, an all-zero trace or parent id, a
     * version-00 header of another length, or a later version not followed by a dash.
     */
    public static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55) {
            return null;
        }
        if (!hex(traceparent, 0, 2) || traceparent.startsWith("ff") || traceparent.charAt(2) != '-'
                || !hex(traceparent, 3, 35) || traceparent.charAt(35) != '-'
                || !hex(traceparent, 36, 52) || traceparent.charAt(52) != '-' || !hex(traceparent, 53, 55)) {
            return null;
        }
        boolean version0 = traceparent.startsWith("00");
        if (version0 ? traceparent.length() != 55 : traceparent.length() > 55 && traceparent.charAt(55) != '-') {
            return null;
        }
        if (zeros(traceparent, 3, 35) || zeros(traceparent, 36, 52)) {
            return null;
        }
        return traceparent.substring(3, 35);
    }

    private static boolean safe(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=' || c == '@';
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static String prefix() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        StringBuilder prefix = new StringBuilder(13);
        for (byte b : random) {
            prefix.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return prefix.append('-').toString();
    }
}
