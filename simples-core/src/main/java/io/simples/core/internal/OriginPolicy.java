package io.simples.core.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which origins may talk to an endpoint (WebSocket {@code origins}, CORS {@code origins}): an
 * empty list means the endpoint's own host only; a leading {@code "*"} means any origin except
 * those listed after it; {@code "null"} stands for local files (the {@code Origin: null} of
 * browsers); other entries are origins ({@code https://example.com}) or bare host names. A page
 * of the endpoint's own host is always allowed, whatever the list says: a list names the
 * <em>other</em> origins a server trusts.
 */
public final class OriginPolicy {

    private final List<String> origins;

    public OriginPolicy(List<String> origins) {
        this.origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * True when a request with this {@code Origin} header to this {@code Host} is allowed. A
     * request without an {@code Origin} does not come from a browser page, and is allowed.
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String candidate = origin.toLowerCase(Locale.ROOT);
        if (!"null".equals(candidate) && sameHost(candidate, host)) {
            return true;
        }
        if (origins.isEmpty()) {
            return false;
        }
        boolean listed = origins.stream().anyMatch(entry -> matches(entry, candidate));
        return "*".equals(origins.get(0)) ? !listed : listed;
    }

    private static boolean matches(String entry, String origin) {
        if (entry.equals("*")) {
            return false;
        }
        if (entry.equals(origin)) {
            return true;
        }
        return !entry.contains("://") && entry.equals(hostOf(origin));
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostOf(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host == null ? origin : host;
        } catch (IllegalArgumentException e) {
            return origin;
        }
    }
}
