package io.simples.http.internal.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.simples.core.internal.Rejection;
import java.util.Iterator;

/**
 * The rules of RFC 9112 and RFC 9110 for a request head that Netty's decoder leaves to us,
 * checked once per request before its body is read, so that no host, router or listener ever
 * sees a head that breaks them. Netty already refuses what it cannot parse (a bad header line,
 * whitespace before a colon, CR, LF or NUL in a value, conflicting lengths); this adds:
 * <ul>
 *   <li>the version: {@code HTTP/1.0} and {@code HTTP/1.1} exactly (the name is case-sensitive,
 *       400); another major version gets 505; {@code HTTP/1.2} and up are answered as 1.1
 *       (RFC 9110 §6.2);</li>
 *   <li>{@code Host} (RFC 9112 §3.2): required in HTTP/1.1, never twice, and a valid
 *       {@code uri-host[:port]} (400);</li>
 *   <li>the request target (RFC 9112 §3.2, RFC 3986): no control characters, spaces, bytes above
 *       0x7E or fragment, percent signs followed by two hex digits; the origin form
 *       ({@code /path?query}); the absolute form only naming the {@code Host} it comes with (the
 *       request then continues in origin form); {@code *} only with {@code OPTIONS} (400);</li>
 *   <li>{@code CONNECT}: this is no proxy (501).</li>
 * </ul>
 */
public final class HeadRules {

    private HeadRules() {
    }

    /** The refusal {@code request} gets, or null when it keeps the rules (an absolute-form target is rewritten). */
    public static Rejection check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            if (version.majorVersion() != 1) {
                return new Rejection(505, "this server speaks HTTP/1.1");
            }
            if (version.minorVersion() < 2) {
                return new Rejection(400, "the protocol is written HTTP/1." + version.minorVersion());
            }
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Rejection(501, "CONNECT is not supported: this server is not a proxy");
        }
        Iterator<String> hosts = request.headers().valueStringIterator(HttpHeaderNames.HOST);
        String host = hosts.hasNext() ? hosts.next() : null;
        if (hosts.hasNext()) {
            return new Rejection(400, "more than one Host header");
        }
        if (host == null && !(version.majorVersion() == 1 && version.minorVersion() == 0)) {
            return new Rejection(400, "an HTTP/1.1 request needs a Host header");
        }
        if (host != null && !isHost(host)) {
            return new Rejection(400, "the Host header is not a host name with an optional port");
        }
        return checkTarget(request, host);
    }

    private static Rejection checkTarget(HttpRequest request, String host) {
        String target = request.uri();
        if (target.equals("*")) {
            return request.method().equals(HttpMethod.OPTIONS) ? null
                    : new Rejection(400, "the target * is only for OPTIONS");
        }
        String reason = badCharacters(target);
        if (reason != null) {
            return new Rejection(400, reason);
        }
        if (target.startsWith("/")) {
            return null;
        }
        int scheme = target.indexOf("://");
        String name = scheme < 0 ? "" : target.substring(0, scheme);
        if (!name.equalsIgnoreCase("http") && !name.equalsIgnoreCase("https")) {
            return new Rejection(400, "the request target must be a path");
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String authority = target.substring(start, end);
        if (authority.indexOf('@') >= 0 || host == null || !authority.equalsIgnoreCase(host)) {
            return new Rejection(400, "an absolute request target must name the Host it is sent with");
        }
        String rest = target.substring(end);
        request.setUri(rest.startsWith("/") ? rest : "/" + rest);
        return null;
    }

    /** Why the characters of a request target are refused, or null. */
    private static String badCharacters(String target) {
        int length = target.length();
        for (int i = 0; i < length; i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "the request target holds a control character, a space or a byte above 0x7E";
            }
            if (c == '#') {
                return "a request target has no fragment";
            }
            if (c == '%' && (i + 2 >= length || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2)))) {
                return "a % in the request target must start a percent-encoded byte";
            }
        }
        return null;
    }

    /** {@code uri-host [ ":" port ]}: an IP literal in brackets or a registered name (RFC 3986 §3.2.2), a port of 1 to 5 digits up to 65535. */
    static boolean isHost(String value) {
        int length = value.length();
        int hostEnd;
        if (length > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = value.charAt(i);
                if (!isHex(c) && c != ':' && c != '.') {
                    return false;
                }
            }
            hostEnd = close + 1;
        } else {
            hostEnd = 0;
            while (hostEnd < length && value.charAt(hostEnd) != ':') {
                char c = value.charAt(hostEnd);
                if (c == '%') {
                    if (hostEnd + 2 >= length || !isHex(value.charAt(hostEnd + 1)) || !isHex(value.charAt(hostEnd + 2))) {
                        return false;
                    }
                    hostEnd += 3;
                    continue;
                }
                if (!isNameCharacter(c)) {
                    return false;
                }
                hostEnd++;
            }
            if (hostEnd == 0) {
                return false;
            }
        }
        if (hostEnd == length) {
            return true;
        }
        if (value.charAt(hostEnd) != ':') {
            return false;
        }
        String port = value.substring(hostEnd + 1);
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(port) <= 65535;
    }

    /** unreserved and sub-delims of RFC 3986. */
    private static boolean isNameCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
