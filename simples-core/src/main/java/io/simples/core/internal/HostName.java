package io.simples.core.internal;

import java.util.Locale;

/** The host name of a {@code Host} header: port removed, lower case, IPv6 literals kept in brackets. */
final class HostName {

    private HostName() {
    }

    /** {@code "Example.com:8080"} gives {@code "example.com"}, {@code "[::1]:80"} gives {@code "[::1]"}; null gives "". */
    public static String of(String host) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        int end;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            end = close < 0 ? host.length() : close + 1;
        } else {
            int colon = host.lastIndexOf(':');
            end = colon < 0 ? host.length() : colon;
        }
        return host.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
