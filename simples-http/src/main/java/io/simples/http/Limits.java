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

    /**
     * Checks the limits.
     *
     * @param requestLine the longest request line, in bytes, 256 or more
     * @param headerSize the largest request head, in bytes, 256 or more
     * @param bodySize the largest body read into memory, in bytes, 0 to {@code Integer.MAX_VALUE}
     * @param uploadSize the largest multipart body, in bytes, 0 or more
     * @param parts the most fields or parts in a body, 1 or more
     * @param fieldSize the largest form field held in memory, in bytes, 1 or more
     * @param headTimeout the longest a request head may take to arrive, positive
     * @param bodyTimeout the longest a body may stay silent, positive
     * @param idleTimeout the longest a connection may wait for a request, zero for no limit
     * @param connections the most connections held open, 1 or more
     * @param pipelined the most requests that may wait behind the one being answered, 0 or more
     * @throws IllegalArgumentException when a limit is out of its range
     * @throws NullPointerException when a timeout is null
     */
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

    /**
     * The limits in parentheses in the class comment: 8 KiB request lines and heads, 1 MiB bodies,
     * 10 MiB uploads, and so on.
     *
     * @return the default limits
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /**
     * These limits with another longest request line.
     *
     * @param value the longest request line, in bytes, 256 or more
     * @return these limits with {@code requestLine} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits requestLine(int value) {
        return new Limits(value, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another largest request head.
     *
     * @param value the largest request head, in bytes, 256 or more
     * @return these limits with {@code headerSize} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits headerSize(int value) {
        return new Limits(requestLine, value, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another largest body held in memory.
     *
     * @param value the largest body read into memory, in bytes, 0 to {@code Integer.MAX_VALUE}
     * @return these limits with {@code bodySize} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits bodySize(long value) {
        return new Limits(requestLine, headerSize, value, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another largest multipart body.
     *
     * @param value the largest multipart body, in bytes, 0 or more
     * @return these limits with {@code uploadSize} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits uploadSize(long value) {
        return new Limits(requestLine, headerSize, bodySize, value, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another most fields or parts in a body.
     *
     * @param value the most fields or parts in a body, 1 or more
     * @return these limits with {@code parts} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits parts(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, value, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another largest form field.
     *
     * @param value the largest form field held in memory, in bytes, 1 or more
     * @return these limits with {@code fieldSize} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits fieldSize(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, value, headTimeout, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another time allowed for a request head.
     *
     * @param value the longest a request head may take to arrive, positive
     * @return these limits with {@code headTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits headTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, value, bodyTimeout,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another silence allowed in a body.
     *
     * @param value the longest a body may stay silent, positive
     * @return these limits with {@code bodyTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits bodyTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, value,
                idleTimeout, connections, pipelined);
    }

    /**
     * These limits with another wait allowed for a request.
     *
     * @param value the longest a connection may wait for a request, zero for no limit
     * @return these limits with {@code idleTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits idleTimeout(Duration value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                value, connections, pipelined);
    }

    /**
     * These limits with another most connections held open.
     *
     * @param value the most connections held open, 1 or more
     * @return these limits with {@code connections} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits connections(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, value, pipelined);
    }

    /**
     * These limits with another most requests waiting on a connection.
     *
     * @param value the most requests that may wait behind the one being answered, 0 or more
     * @return these limits with {@code pipelined} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is out of that range
     */
    public Limits pipelined(int value) {
        return new Limits(requestLine, headerSize, bodySize, uploadSize, parts, fieldSize, headTimeout, bodyTimeout,
                idleTimeout, connections, value);
    }
}
