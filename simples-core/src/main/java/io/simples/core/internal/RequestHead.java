package io.simples.core.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import io.simples.core.Connection;
import io.simples.session.Session;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The request side of a connection, parsed lazily from Netty's request head: what HTTP and
 * WebSocket connections share. Also the connection's session slot, which the session wiring
 * fills in. Reads may come from any thread; each lazy field is computed at most a few times and
 * is immutable once set.
 *
 * <p>A {@link Connection} is given its head without a constructor or a member that shows this
 * class to applications: {@code Connection} hands over its binding when its class is
 * initialised ({@link CoreAccess}), and the constructor of
 * {@code HTTPConnection} or {@code WSConnection} calls {@link #bindTo} right after
 * {@code super()}, before the connection is seen by anything else.
 */
public final class RequestHead {

    /** What browsers, clients and proxies put in a WebSocket handshake, by lower-case name. */
    /** The header that carries a request's id, in and out. */
    public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

    private static final Map<String, AsciiString> KNOWN_NAMES = Stream.of(HttpHeaderNames.HOST, HttpHeaderNames.ORIGIN,
                    HttpHeaderNames.USER_AGENT, HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_ENCODING,
                    HttpHeaderNames.ACCEPT_LANGUAGE, HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.PRAGMA,
                    HttpHeaderNames.COOKIE, HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.REFERER,
                    AsciiString.cached("x-forwarded-for"), AsciiString.cached("x-forwarded-host"),
                    AsciiString.cached("x-forwarded-proto"), AsciiString.cached("forwarded"),
                    HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                    HttpHeaderNames.X_REQUESTED_WITH, HttpHeaderNames.DNT)
            .collect(Collectors.toUnmodifiableMap(AsciiString::toString, name -> name));

    /**
     * The headers whose values are nearly always the same for every client of a site, so kept once
     * ({@link SharedStrings}); never a user's own (cookies, credentials, addresses).
     */
    private static final Set<CharSequence> SITE_WIDE = Set.of(HttpHeaderNames.HOST, HttpHeaderNames.ORIGIN,
            HttpHeaderNames.USER_AGENT, HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_ENCODING,
            HttpHeaderNames.ACCEPT_LANGUAGE, HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.PRAGMA,
            HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);

    private final HttpRequest request;
    private final Channel channel;
    private final String scheme;
    private final long start = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final String id;
    private volatile QueryStringDecoder decoder;
    private volatile Map<String, String> cookies;
    private volatile Map<String, String> query;
    private volatile List<String> langs;
    private volatile Session session;
    private volatile SessionRegistry.Hold hold;
    private String hostname;

    /** @param scheme "http", "https", "ws" or "wss" */
    public RequestHead(HttpRequest request, Channel channel, String scheme) {
        this(request, channel, scheme, RequestIds.accept(request.headers().get(X_REQUEST_ID)));
    }

    private RequestHead(HttpRequest request, Channel channel, String scheme, String id) {
        this.request = request;
        this.channel = channel;
        this.scheme = scheme;
        this.id = id;
    }

    /**
     * Gives {@code connection}, under construction, this head; once per connection.
     *
     * @throws IllegalStateException when it has one already
     */
    public void bindTo(Connection connection) {
        CoreAccess.bind(connection, this);
    }

    /**
     * The same request head seen under another scheme (a WebSocket's "ws" or "wss"), sharing the
     * session slot's current value, and keeping only the head: no body, and none of the
     * {@code dropped} headers (what served the handshake only: a WebSocket keeps its head as long
     * as it is open, and 100 000 of them keep 100 000 copies). Its target and the values of the
     * headers that are the same for every client of a site are {@link SharedStrings}.
     */
    public RequestHead as(String otherScheme, Set<? extends CharSequence> dropped) {
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(),
                SharedStrings.of(request.uri()), frozen(request.headers(), dropped));
        RequestHead copy = new RequestHead(head, channel, otherScheme, id);
        copy.session = session;
        copy.hold = hold;
        return copy;
    }

    /**
     * {@code headers} but {@code dropped}, read-only, as one flat array of names and values: no hash
     * table and no entry object per header (a handful of headers, looked up by a linear scan).
     */
    private static HttpHeaders frozen(HttpHeaders headers, Set<? extends CharSequence> dropped) {
        List<CharSequence> pairs = new ArrayList<>(headers.size() * 2);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            if (!isDropped(header.getKey(), dropped)) {
                CharSequence name = shared(header.getKey());
                pairs.add(name);
                pairs.add(SITE_WIDE.contains(name) ? SharedStrings.of(header.getValue()) : header.getValue());
            }
        }
        return new ReadOnlyHttpHeaders(false, pairs.toArray(new CharSequence[0]));
    }

    /** Netty's constant for a header name browsers and proxies send, rather than each request's own copy of it. */
    private static CharSequence shared(CharSequence name) {
        AsciiString known = KNOWN_NAMES.get(name.toString().toLowerCase(Locale.ROOT));
        return known == null ? name : known;
    }

    private static boolean isDropped(CharSequence name, Set<? extends CharSequence> dropped) {
        for (CharSequence candidate : dropped) {
            if (AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                return true;
            }
        }
        return false;
    }

    public HttpRequest request() {
        return request;
    }

    public Channel channel() {
        return channel;
    }

    public String scheme() {
        return scheme;
    }

    public boolean secure() {
        return scheme.endsWith("s");
    }

    /** The request's id: the {@code X-Request-Id} it came with when valid, else one made for it ({@link RequestIds}). */
    public String id() {
        return id;
    }

    /** When the request head arrived, by {@link System#nanoTime()}: for durations. */
    public long startNanos() {
        return startNanos;
    }

    /** When the request head arrived, in epoch milliseconds. */
    public long start() {
        return start;
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    public String method() {
        return request.method().name();
    }

    /** The request target as sent: path and query. */
    public String uri() {
        return request.uri();
    }

    /** The path, percent-decoded. */
    public String path() {
        return decoder().path();
    }

    public Map<String, List<String>> queryAll() {
        return decoder().parameters();
    }

    public Map<String, String> query() {
        Map<String, String> parsed = query;
        if (parsed == null) {
            Map<String, String> first = new LinkedHashMap<>();
            decoder().parameters().forEach((name, values) -> first.put(name, values.get(0)));
            parsed = Collections.unmodifiableMap(first);
            query = parsed;
        }
        return parsed;
    }

    /**
     * The value of the first cookie called {@code name}, or null: the one {@link #cookies()} has,
     * found without decoding the others until someone asks for them all.
     */
    public String cookie(String name) {
        Map<String, String> parsed = cookies;
        if (parsed != null) {
            return parsed.get(name);
        }
        // getAll, not valueStringIterator: Netty's read-only headers (a WebSocket's) give their first value forever
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            String value = cookieValue(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Every cookie the request sent, by name (the first of a name counts), in the order sent; read as {@code readCookies} says. */
    public Map<String, String> cookies() {
        Map<String, String> parsed = cookies;
        if (parsed == null) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
                forEachCookie(header, values::putIfAbsent);
            }
            parsed = Collections.unmodifiableMap(values);
            cookies = parsed;
        }
        return parsed;
    }

    /** A request header by one of Netty's {@code HttpHeaderNames}, whose hash is computed once, not per lookup. */
    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    /** The Host header as sent, or "" when there is none. */
    public String host() {
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host == null ? "" : host;
    }

    public String hostname() {
        String name = hostname;
        if (name == null) {
            name = HostName.of(host());
            hostname = name; // a racing thread computes the same string
        }
        return name;
    }

    /** The client's address; 127.0.0.1 in process (the test kit's local transport: this machine, as a loopback socket is). */
    public String ip() {
        java.net.SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress address ? address.getAddress().getHostAddress()
                : remote instanceof io.netty.channel.local.LocalAddress ? "127.0.0.1" : String.valueOf(remote);
    }

    public List<String> langs() {
        List<String> parsed = langs;
        if (parsed == null) {
            parsed = QualityList.parse(request.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE));
            langs = parsed;
        }
        return parsed;
    }

    /** The full URL: scheme, host, path and query. */
    public String href() {
        return scheme + "://" + host() + request.uri();
    }

    public Session session() {
        return session;
    }

    /** The connection's hold on its session, or null. */
    public SessionRegistry.Hold hold() {
        return hold;
    }

    /** Gives the connection its session. */
    public void hold(SessionRegistry.Hold hold) {
        this.hold = hold;
        this.session = hold.session();
    }

    private QueryStringDecoder decoder() {
        QueryStringDecoder parsed = decoder;
        if (parsed == null) {
            parsed = new QueryStringDecoder(request.uri());
            decoder = parsed;
        }
        return parsed;
    }

    /** The value of the first cookie called {@code name} in {@code header}, or null. */
    static String cookieValue(String header, String name) {
        return readCookies(header, name, null);
    }

    /** Gives every cookie of {@code header} to {@code pairs}, as name and value, in the order sent. */
    static void forEachCookie(String header, BiConsumer<String, String> pairs) {
        readCookies(header, null, pairs);
    }

    /**
     * One pass over a {@code Cookie} header, read as Netty's lax {@code ServerCookieDecoder} reads
     * it (the test holds the two side by side): pairs split at {@code ;}, separators and
     * whitespace skipped, names trimmed, a pair without {@code =}, with an empty name or with
     * unbalanced quotes skipped, a value's surrounding quotes dropped; after a leading
     * {@code $Version}, RFC 2965's {@code $Path}, {@code $Domain} and {@code $Port} attributes
     * skipped. Unlike Netty's, it never throws: a name of only control characters is skipped too.
     * One cookie can be looked up without making the others' strings: the session's cookie is read
     * on every request, the rest of the header rarely.
     *
     * <p>Returns the value of {@code wanted} when it is found, or gives every pair to {@code pairs}.
     */
    private static String readCookies(String header, String wanted, BiConsumer<String, String> pairs) {
        int length = header.length();
        boolean rfc2965 = header.regionMatches(true, 0, "$Version", 0, 8);
        int i = rfc2965 ? header.indexOf(';') + 1 : 0;
        while (true) {
            while (i < length && isCookieSeparator(header.charAt(i))) {
                i++;
            }
            if (i == length) {
                return null;
            }
            int nameBegin = i;
            while (i < length && header.charAt(i) != ';' && header.charAt(i) != '=') {
                i++;
            }
            int nameEnd = i;
            if (i == length || header.charAt(i) == ';') {
                continue; // a name without a value
            }
            int valueBegin = i + 1;
            int semicolon = header.indexOf(';', valueBegin);
            int valueEnd = semicolon < 0 ? length : semicolon;
            i = valueEnd;
            if (rfc2965 && isRfc2965Attribute(header, nameBegin)) {
                continue;
            }
            while (nameBegin < nameEnd && header.charAt(nameBegin) <= ' ') { // trimmed as String.trim does
                nameBegin++;
            }
            while (nameEnd > nameBegin && header.charAt(nameEnd - 1) <= ' ') {
                nameEnd--;
            }
            if (nameBegin == nameEnd) {
                continue;
            }
            if (wanted != null && (nameEnd - nameBegin != wanted.length()
                    || !header.regionMatches(nameBegin, wanted, 0, wanted.length()))) {
                continue;
            }
            if (valueEnd > valueBegin && header.charAt(valueBegin) == '"') {
                if (valueEnd - valueBegin < 2 || header.charAt(valueEnd - 1) != '"') {
                    continue; // unbalanced quotes: skipped, a later pair of the name may count
                }
                valueBegin++;
                valueEnd--;
            }
            String value = header.substring(valueBegin, valueEnd);
            if (wanted != null) {
                return value;
            }
            pairs.accept(header.substring(nameBegin, nameEnd), value);
        }
    }

    private static boolean isCookieSeparator(char c) {
        return c == ' ' || c == ';' || c == ',' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isRfc2965Attribute(String header, int at) {
        return header.startsWith("$Path", at) || header.startsWith("$Domain", at) || header.startsWith("$Port", at);
    }
}
