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
 * @param idleTimeout the longest a connection may wait for the first byte of a request, when it
 *                    opens and between requests; then it closes without an answer (15 s; zero:
 *                    never). Long enough for a page's follow-up requests and a reader's next
 *                    click to reuse the connection, short enough that silent sockets do not pile up
 * @param connections the most connections the listener holds open; one more is closed at once
 *                    and counted in {@link Server#refusedConnections()} (10 000)
 * @param pipelined the most requests that may wait behind the one being answered; a client that
 *                  sends more gets the waiting ones answered, then the connection closes (16)
 */
public record Limits(int requestLine, int headerSize, long bodySize, long uploadSize, int parts, int fieldSize,
                     Duration headTimeout, Duration bodyTimeout, Duration idleTimeout, int connections,
                     int pipelined) {

    private static final Limits DEFAULTS = new Limits(8192, 8192, 1 << 20, 10L << 20, 128, 64 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(15), 10_000, 16);

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
        if (!isPositive(headTimeout) || !isPositive(bodyTimeout)) {
            throw new IllegalArgumentException("the head and body timeouts must be positive");
        }
        if (Objects.requireNonNull(idleTimeout, "idleTimeout").isNegative()) {
            throw new IllegalArgumentException("the idle timeout cannot be negative (zero: never)");
        }
        if (connections < 1 || pipelined < 0) {
            throw new IllegalArgumentException("connections must be positive and pipelined cannot be negative");
        }
    }

    private static boolean isPositive(Duration duration) {
        return !Objects.requireNonNull(duration, "timeout").isNegative() && !duration.isZero();
    }

    public static Limits defaults() {
        return DEFAULTS;
    }

    public Limits requestLine(int value) {
        return new Limits(value, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits headerSize(int value) {
        return new Limits(requestLine, value, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits bodySize(long value) {
        return new Limits(requestLine, headerSize, value, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits uploadSize(long value) {
        return new Limits(requestLine, headerSize, bodySize, value, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits parts(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, value, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits fieldSize(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, value, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits headTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, value, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    public Limits bodyTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, value,
                idleTimeout, connections, pipelined);
    }

    public Limits idleTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                value, connections, pipelined);
    }

    public Limits connections(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, value, pipelined);
    }

    public Limits pipelined(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, value);
    }
}
