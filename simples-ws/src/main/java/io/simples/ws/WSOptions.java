package io.simples.ws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a WebSocket endpoint behaves. Start from {@link #defaults()}:
 * {@code WSOptions.defaults().advanced(true).origins(List.of("https://app.example.com"))}.
 *
 * @param advanced every message is the JSON {@code {"event": name, "data": value}} (false)
 * @param limit the largest message accepted, in bytes; a larger one closes with 1009 (1 MiB)
 * @param origins which pages may connect besides the server's own host (always accepted): empty
 *                for none, a leading {@code "*"} for any but those listed after it,
 *                {@code "null"} for local files; clients that send no {@code Origin} (not
 *                browsers) are always accepted
 * @param timeout silence after which the connection is pinged, and closed (1001) if the next
 *                period passes silent too; any frame counts, a pong too, so a client that only
 *                answers pings stays; at least 2 s, or zero to never time out (30 s)
 * @param protocols the subprotocols accepted, in order of preference (none)
 * @param compression permessage-deflate when the client offers it (true)
 */
public record WSOptions(boolean advanced, int limit, List<String> origins, Duration timeout, List<String> protocols,
                        boolean compression) {

    private static final WSOptions DEFAULTS =
            new WSOptions(false, 1 << 20, List.of(), Duration.ofSeconds(30), List.of(), true);

    /**
     * Checks the values and copies the lists.
     *
     * @param advanced every message is the JSON {@code {"event": name, "data": value}}
     * @param limit the largest message accepted, in bytes
     * @param origins which pages may connect besides the server's own host
     * @param timeout silence after which the connection is pinged, and then closed; zero for never
     * @param protocols the subprotocols accepted, in order of preference
     * @param compression permessage-deflate when the client offers it
     * @throws IllegalArgumentException when {@code limit} is not positive, or {@code timeout} is
     *         neither zero nor at least 2 s
     * @throws NullPointerException when {@code origins}, {@code timeout} or {@code protocols} is {@code null}
     */
    public WSOptions {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        origins = List.copyOf(Objects.requireNonNull(origins, "origins"));
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isZero() && timeout.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("timeout must be at least 2 s, or zero to turn it off; got " + timeout);
        }
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
    }

    /**
     * Plain messages, 1 MiB, same host, 30 s, no subprotocols, compression when offered.
     *
     * @return the default options
     */
    public static WSOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options in advanced mode or not.
     *
     * @param value whether every message is an {@code {"event", "data"}} envelope
     * @return these options with that mode
     */
    public WSOptions advanced(boolean value) {
        return new WSOptions(value, limit, origins, timeout, protocols, compression);
    }

    /**
     * These options with another message limit.
     *
     * @param value the largest message accepted, in bytes; positive
     * @return these options with that limit
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public WSOptions limit(int value) {
        return new WSOptions(advanced, value, origins, timeout, protocols, compression);
    }

    /**
     * These options accepting other origins.
     *
     * @param value the pages that may connect besides the server's own host (see {@link #origins()})
     * @return these options with those origins
     */
    public WSOptions origins(List<String> value) {
        return new WSOptions(advanced, limit, value, timeout, protocols, compression);
    }

    /**
     * These options with another inactivity timeout.
     *
     * @param value silence after which the connection is pinged; at least 2 s, or zero for never
     * @return these options with that timeout
     * @throws IllegalArgumentException when {@code value} is neither zero nor at least 2 s
     */
    public WSOptions timeout(Duration value) {
        return new WSOptions(advanced, limit, origins, value, protocols, compression);
    }

    /**
     * These options accepting other subprotocols.
     *
     * @param value the subprotocols accepted, in order of preference
     * @return these options with those subprotocols
     */
    public WSOptions protocols(List<String> value) {
        return new WSOptions(advanced, limit, origins, timeout, value, compression);
    }

    /**
     * These options with compression on or off.
     *
     * @param value whether permessage-deflate is used when the client offers it
     * @return these options with compression on or off
     */
    public WSOptions compression(boolean value) {
        return new WSOptions(advanced, limit, origins, timeout, protocols, value);
    }
}
