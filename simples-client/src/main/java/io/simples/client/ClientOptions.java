package io.simples.client;

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

    /**
     * Checks the options.
     *
     * @param connectTimeout how long a new connection may take to open, positive
     * @param responseTimeout how long a response may keep the client waiting, positive
     * @param connectionsPerOrigin connections kept open to one origin at most, positive
     * @param trust which servers' certificates are believed
     * @param redirects how many redirects a request follows, 0 or more
     * @param cookies whether the client keeps and sends back cookies
     * @param decompress whether the client asks for compressed bodies and decodes them
     * @param userAgent the {@code User-Agent} header, or {@code null} for none
     * @param bodyLimit the largest body read into memory, in bytes, 0 or more
     * @throws IllegalArgumentException when a timeout, {@code connectionsPerOrigin}, {@code redirects} or
     *                                  {@code bodyLimit} is out of range
     * @throws NullPointerException when a timeout or {@code trust} is null
     */
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

    /**
     * 10 s to connect, 30 s to answer, 64 connections per origin, the system's trust, no redirects, no cookies, gzip.
     *
     * @return the default options
     */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /**
     * These options with another time allowed to open a connection.
     *
     * @param value how long a new connection may take to open, TLS handshake included; positive
     * @return these options with {@code connectTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public ClientOptions connectTimeout(Duration value) {
        return new ClientOptions(value, responseTimeout, connectionsPerOrigin, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    /**
     * These options with another time allowed to answer.
     *
     * @param value how long a response may keep the client waiting; positive
     * @return these options with {@code responseTimeout} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public ClientOptions responseTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, connectionsPerOrigin, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    /**
     * These options with another most connections to one origin.
     *
     * @param value connections kept open to one scheme, host and port at most; positive
     * @return these options with {@code connectionsPerOrigin} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public ClientOptions connectionsPerOrigin(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, value, trust, redirects, cookies, decompress,
                userAgent, bodyLimit);
    }

    /**
     * These options with other servers' certificates believed.
     *
     * @param value which certificates are believed (see {@link ClientTrust})
     * @return these options with {@code trust} set to {@code value}
     */
    public ClientOptions trust(ClientTrust value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, value, redirects, cookies,
                decompress, userAgent, bodyLimit);
    }

    /**
     * These options with redirects followed, or not.
     *
     * @param value how many redirects a request follows; 0 for none
     * @return these options with {@code redirects} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public ClientOptions redirects(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, value, cookies,
                decompress, userAgent, bodyLimit);
    }

    /**
     * These options with a cookie jar, or without one.
     *
     * @param value true to keep the cookies servers set and send them back, false to send none
     * @return these options with {@code cookies} set to {@code value}
     */
    public ClientOptions cookies(boolean value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, value,
                decompress, userAgent, bodyLimit);
    }

    /**
     * These options with compressed bodies asked for and decoded, or not.
     *
     * @param value true to ask for gzip and deflate and decode them, false to take bodies as they come
     * @return these options with {@code decompress} set to {@code value}
     */
    public ClientOptions decompress(boolean value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                value, userAgent, bodyLimit);
    }

    /**
     * These options with another {@code User-Agent} header.
     *
     * @param value the header's value, or {@code null} to send none
     * @return these options with {@code userAgent} set to {@code value}
     */
    public ClientOptions userAgent(String value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                decompress, value, bodyLimit);
    }

    /**
     * These options with another largest body read into memory.
     *
     * @param value the largest body {@code send()} takes, in bytes; 0 or more
     * @return these options with {@code bodyLimit} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public ClientOptions bodyLimit(long value) {
        return new ClientOptions(connectTimeout, responseTimeout, connectionsPerOrigin, trust, redirects, cookies,
                decompress, userAgent, value);
    }
}
