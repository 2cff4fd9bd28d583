package io.simples.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Client} connects and what it does for you. Start from {@link #defaults()}:
 * {@code ClientOptions.defaults().redirects(10).cookies(true)}.
 *
 * @param connectTimeout how long a new connection may take to open, TLS handshake included (10 s)
 * @param responseTimeout how long a response may keep the client waiting: for its head after the
 *                        request was sent, and then between two pieces of its body (30 s)
 * @param connectionsPerOrigin connections kept open to one scheme, host and port at most (64);
 *                             requests beyond wait for one to be free
 * @param trust which servers' certificates are believed ({@link ClientTrust#system()})
 * @param redirects how many redirects a request follows (0, none: the 3xx is the answer); a 303,
 *                  and a 301 or 302 to a POST, turn into a GET without a body
 * @param cookies keep the cookies servers set and send them back (RFC 6265: domain, path,
 *                expiry, secure), for HTTP and WebSocket requests alike (false)
 * @param decompress ask for gzip and deflate, and decode what comes so (true)
 * @param userAgent the {@code User-Agent} header, or {@code null} for none ("simples")
 * @param bodyLimit the largest body a response may have when it is read into memory
 *                  ({@code send()}; 64 MiB); larger ones go to a file or a subscriber
 */
public record ClientOptions(Duration connectTimeout, Duration responseTimeout, int connectionsPerOrigin,
                            ClientTrust trust, int redirects, boolean cookies, boolean decompress, String userAgent,
                            long bodyLimit) {

    private static final ClientOptions DEFAULTS = new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30),
            64, ClientTrust.system(), 0, false, true, "simples", 64L << 20);

    public ClientOptions {
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        if (connectionsPerOrigin < 1) {
            throw new IllegalArgumentException("connectionsPerOrigin must be positive, got " + connectionsPerOrigin);
        }
        Objects.requireNonNull(trust, "trust");
        if (redirects < 0) {
            throw new IllegalArgumentException("redirects must be 0 or more, got " + redirects);
        }
        if (bodyLimit < 0) {
            throw new IllegalArgumentException("bodyLimit must be 0 or more, got " + bodyLimit);
        }
    }

    /** 10 s to connect, 30 s to answer, 64 connections per origin, the system's trust, no redirects, no cookies, gzip. */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public ClientOptions connectTimeout(Duration value) {
        return new ClientOptions(value, responseTimeout, connectionsPerOrigin, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    public ClientOptions responseTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, connectionsPerOrigin, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    public ClientOptions connectionsPerOrigin(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, value, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    public ClientOptions trust(ClientTrust value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, value, redirects, cookies,
                decompress, userAgent, bodyLimit);
    }

    public ClientOptions redirects(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, value, cookies,
                decompress, userAgent, bodyLimit);
    }

    public ClientOptions cookies(boolean value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, value,
                decompress, userAgent, bodyLimit);
    }

    public ClientOptions decompress(boolean value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                value, userAgent, bodyLimit);
    }

    public ClientOptions userAgent(String value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                decompress, value, bodyLimit);
    }

    public ClientOptions bodyLimit(long value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                decompress, userAgent, value);
    }
}
