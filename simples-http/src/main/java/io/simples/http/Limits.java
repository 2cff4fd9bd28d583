package io.simples.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listener accepts from a client before it gives up on it. The request is read before it
 * is routed (so that no handler thread ever waits on a slow client), which is why these are
 * options of the listener, not of a router.
 *
 * @param requestLine the longest request line; longer gets 414 (8 KiB)
 * @param headerSize the largest request head; larger gets 431 (8 KiB)
 * @param bodySize the largest body read into memory; larger gets 413 (1 MiB)
 * @param uploadSize the largest multipart body, whose files go to disk; larger gets 413 (10 MiB)
 * @param parts the most fields in a form or parts in a multipart body; more gets 413 (128)
 * @param fieldSize the largest form field held in memory; larger gets 413 (64 KiB)
 * @param headTimeout the longest a request head may take to arrive, from its first byte; then
 *                    408 and the connection closes (10 s): a slowloris client holds nothing
 * @param bodyTimeout the longest a body may stay silent; then 408 and the connection closes (30 s)
 */
public record Limits(int requestLine, int headerSize, long bodySize, long uploadSize, int parts, int fieldSize,
                     Duration headTimeout, Duration bodyTimeout) {

    private static final Limits DEFAULTS = new Limits(8192, 8192, 1 << 20, 10L << 20, 128, 64 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    public Limits {
        if (requestLine < 256 || headerSize < 256) {
            throw new IllegalArgumentException("the request line and head need 256 bytes or more");
        }
        if (bodySize < 0 || uploadSize < 0 || parts < 1 || fieldSize < 1) {
            throw new IllegalArgumentException("body and upload sizes cannot be negative, parts and field size must be positive");
        }
        if (bodySize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a body held in memory is at most 2 GiB; use a multipart upload for more");
        }
        Objects.requireNonNull(headTimeout, "headTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    }

    public static Limits defaults() {
        return DEFAULTS;
    }

    public Limits requestLine(int value) {
        return new Limits(value, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout);
    }

    public Limits headerSize(int value) {
        return new Limits(requestLine, value, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout);
    }

    public Limits bodySize(long value) {
        return new Limits(requestLine, headerSize, value, uploadSize, parts, fieldSize, headTimeout, bodyTimeout);
    }

    public Limits uploadSize(long value) {
        return new Limits(requestLine, headerSize, bodySize, value, parts, fieldSize, headTimeout, bodyTimeout);
    }

    public Limits parts(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, value, fieldSize, headTimeout, bodyTimeout);
    }

    public Limits fieldSize(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, value, headTimeout, bodyTimeout);
    }

    public Limits headTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, value, bodyTimeout);
    }

    public Limits bodyTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, value);
    }
}
