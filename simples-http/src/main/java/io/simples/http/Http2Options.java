package io.simples.http;

/**
 * How a server speaks HTTP/2: whether TLS connections may choose it by ALPN (on by default), whether
 * plain connections may (cleartext {@code h2c}: by prior knowledge, a client that opens with
 * HTTP/2's preface, or by {@code Upgrade: h2c}), and the limits of one HTTP/2 connection,
 * each a defence as much as a setting. Every stream of a connection is one request, answered
 * through the same hosts, routers, sessions and files as an HTTP/1.1 request; the limits of
 * {@link Limits} (body size, upload size, form parts) hold per stream.
 *
 * @param cleartext whether a plain (non-TLS) connection that opens with HTTP/2's preface is
 *                  answered in HTTP/2 (false: such a connection gets HTTP/1.1's 505, as before)
 * @param tls whether a TLS connection may choose HTTP/2 by ALPN ({@code h2}, preferred, beside
 *            {@code http/1.1}; true)
 * @param maxConcurrentStreams the most streams a client may have open at once (100); one more
 *                             is refused with {@code REFUSED_STREAM}
 * @param maxHeaderListSize the largest header list, decoded, of a request (8 KiB, as HTTP/1.1's
 *                          head); larger is refused
 * @param initialWindowSize how much of a request body a client may send before the server asks
 *                          for more (65 535 bytes, the protocol's default)
 * @param maxFrameSize the largest frame the server accepts (16 384 bytes, the protocol's minimum)
 */
public record Http2Options(boolean cleartext, boolean tls, int maxConcurrentStreams, int maxHeaderListSize, int initialWindowSize,
                           int maxFrameSize) {

    private static final Http2Options DEFAULTS = new Http2Options(false, true, 100, 8192, 65_535, 16_384);

    /**
     * Checks the options.
     *
     * @param cleartext whether plain connections may speak HTTP/2 by prior knowledge
     * @param tls whether TLS connections may choose HTTP/2 by ALPN
     * @param maxConcurrentStreams the most open streams per connection, positive
     * @param maxHeaderListSize the largest decoded header list in bytes, positive
     * @param initialWindowSize the initial flow-control window in bytes, 0 to 2^31 - 1
     * @param maxFrameSize the largest frame in bytes, 16 384 to 16 777 215 (RFC 9113 §6.5.2)
     * @throws IllegalArgumentException when a value is out of its range
     */
    public Http2Options {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be positive, got " + maxConcurrentStreams);
        }
        if (maxHeaderListSize < 1) {
            throw new IllegalArgumentException("maxHeaderListSize must be positive, got " + maxHeaderListSize);
        }
        if (initialWindowSize < 0) {
            throw new IllegalArgumentException("initialWindowSize must be 0 to 2147483647, got " + initialWindowSize);
        }
        if (maxFrameSize < 16_384 || maxFrameSize > 16_777_215) {
            throw new IllegalArgumentException("maxFrameSize must be 16384 to 16777215 (RFC 9113 §6.5.2), got " + maxFrameSize);
        }
    }

    /**
     * Cleartext h2c off, h2 over TLS on; 100 concurrent streams, 8 KiB of headers, a 65 535-byte window, 16 KiB frames.
     *
     * @return the default options
     */
    public static Http2Options defaults() {
        return DEFAULTS;
    }

    /**
     * These options with cleartext h2c on or off.
     *
     * @param on true to answer plain connections that open with HTTP/2's preface in HTTP/2
     * @return these options with {@code cleartext} set to {@code on}
     */
    public Http2Options cleartext(boolean on) {
        return new Http2Options(on, tls, maxConcurrentStreams, maxHeaderListSize, initialWindowSize, maxFrameSize);
    }

    /**
     * These options with HTTP/2 over TLS on or off.
     *
     * @param on true to offer {@code h2} by ALPN on TLS connections, false for HTTP/1.1 only
     * @return these options with {@code tls} set to {@code on}
     */
    public Http2Options tls(boolean on) {
        return new Http2Options(cleartext, on, maxConcurrentStreams, maxHeaderListSize, initialWindowSize, maxFrameSize);
    }

    /**
     * These options with another limit of open streams.
     *
     * @param value the most streams a client may have open at once, positive
     * @return these options with {@code maxConcurrentStreams} set to {@code value}
     */
    public Http2Options maxConcurrentStreams(int value) {
        return new Http2Options(cleartext, tls, value, maxHeaderListSize, initialWindowSize, maxFrameSize);
    }

    /**
     * These options with another limit of request headers.
     *
     * @param value the largest decoded header list in bytes, positive
     * @return these options with {@code maxHeaderListSize} set to {@code value}
     */
    public Http2Options maxHeaderListSize(int value) {
        return new Http2Options(cleartext, tls, maxConcurrentStreams, value, initialWindowSize, maxFrameSize);
    }

    /**
     * These options with another initial flow-control window.
     *
     * @param value the window in bytes, 0 to 2^31 - 1
     * @return these options with {@code initialWindowSize} set to {@code value}
     */
    public Http2Options initialWindowSize(int value) {
        return new Http2Options(cleartext, tls, maxConcurrentStreams, maxHeaderListSize, value, maxFrameSize);
    }

    /**
     * These options with another largest frame.
     *
     * @param value the largest frame in bytes, 16 384 to 16 777 215
     * @return these options with {@code maxFrameSize} set to {@code value}
     */
    public Http2Options maxFrameSize(int value) {
        return new Http2Options(cleartext, tls, maxConcurrentStreams, maxHeaderListSize, initialWindowSize, value);
    }
}
