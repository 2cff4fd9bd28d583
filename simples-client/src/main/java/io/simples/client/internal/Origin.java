package io.simples.client.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes, as connections are pooled: scheme, host and port. Made from an absolute
 * {@code http}, {@code https}, {@code ws} or {@code wss} URL; anything else is refused with the
 * URL in the message.
 */
public record Origin(boolean secure, String host, int port) {

    /**
     * The origin of {@code url}.
     *
     * @throws IllegalArgumentException when it is not an absolute URL of a scheme the client speaks
     */
    public static Origin of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = switch (scheme) {
            case "http", "ws" -> false;
            case "https", "wss" -> true;
            default -> throw new IllegalArgumentException("the client speaks http, https, ws and wss, not \""
                    + scheme + "\": " + url);
        };
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal, to connect to
        }
        int port = url.getPort() >= 0 ? url.getPort() : secure ? 443 : 80;
        return new Origin(secure, host.toLowerCase(Locale.ROOT), port);
    }

    /** The {@code Host} header for this origin: the port only when it is not the scheme's default. */
    public String hostHeader() {
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (secure ? 443 : 80) ? name : name + ":" + port;
    }

    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + hostHeader();
    }
}
