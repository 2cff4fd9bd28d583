package io.simples.http.internal.http2;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Between HTTP/2's header blocks and the HTTP/1-shaped heads the exchange reads and writes, done
 * directly (Netty's stream codec does it through a general conversion that costs a large part of
 * a small request): a bodiless request's fields become a request head, a response's head becomes
 * its {@code :status} and lower-case fields without the connection-specific ones (RFC 9113
 * §8.2.2). The fields came through the frame codec's HPACK decoder, which validated them; a
 * response's fields were validated as they were set.
 */
final class Http2Heads {

    private static final HttpHeadersFactory UNVALIDATED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private Http2Heads() {
    }

    /**
     * Whether a request without a body leaves {@code BodyReader} nothing to do: no {@code Expect}
     * (answered 417 unless {@code 100-continue}) and no multipart type (an empty multipart body is
     * an empty form, not a 415). Such heads go through it as on HTTP/1.1; the others are read here.
     */
    static boolean plain(Http2Headers fields) {
        if (fields.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        CharSequence type = fields.get(HttpHeaderNames.CONTENT_TYPE);
        return type == null || !AsciiString.regionMatches(type, true, 0, "multipart/", 0, 10);
    }

    /**
     * The request {@code fields} ask for, with an empty body, or null when they are malformed
     * (RFC 9113 §8.3.1: a pseudo-header missing, a value ending in a space or tab, a {@code host}
     * that is not the {@code :authority}, a {@code :method} that is no token): what
     * {@link #malformed} checks, in the same pass that copies the fields. Cookie fields become one
     * {@code Cookie} (§8.2.3), and {@code :authority} the {@code Host}.
     */
    static FullHttpRequest request(Http2Headers fields) {
        if (missingPseudoHeader(fields)) {
            return null;
        }
        CharSequence authority = fields.authority();
        HttpHeaders headers = UNVALIDATED.newHeaders();
        StringBuilder cookies = null;
        boolean host = false;
        for (Map.Entry<CharSequence, CharSequence> field : fields) {
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            if (endsInWhitespace(value)) { // malformed's other check, in this one pass over the fields
                return null;
            }
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue; // pseudo-headers: read above and below
            }
            if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                cookies = cookies == null ? new StringBuilder(value) : cookies.append("; ").append(value);
            } else if (HttpHeaderNames.HOST.contentEquals(name)) {
                if (host || authority != null && !AsciiString.contentEqualsIgnoreCase(authority, value)) {
                    return null;
                }
                host = true;
                headers.add(HttpHeaderNames.HOST, value);
            } else {
                headers.add(name, value);
            }
        }
        if (authority != null && !host) {
            headers.add(HttpHeaderNames.HOST, authority);
        }
        if (cookies != null) {
            headers.add(HttpHeaderNames.COOKIE, cookies.toString());
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(fields.method().toString());
        } catch (IllegalArgumentException notAToken) { // a method with a space or a control character
            return null;
        }
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, fields.path().toString(), Unpooled.EMPTY_BUFFER,
                headers, EmptyHttpHeaders.INSTANCE);
    }

    /**
     * Whether a request head is malformed in a way the frame codec does not see (RFC 9113 §8.3.1,
     * §8.2.1): without {@code :method}, {@code :scheme} or {@code :path} (Netty's stream codec takes a
     * head without {@code :method} that ends the stream for trailers and leaves the stream open and
     * silent, and throws on a missing {@code :path} after it allocated), or with a field value that
     * ends in a space or tab (Netty refuses only the leading ones).
     */
    static boolean malformed(Http2Headers headers) {
        if (missingPseudoHeader(headers)) {
            return true;
        }
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            if (endsInWhitespace(field.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean missingPseudoHeader(Http2Headers headers) {
        return headers.method() == null || headers.scheme() == null || headers.path() == null || headers.path().length() == 0;
    }

    private static boolean endsInWhitespace(CharSequence value) {
        int length = value.length();
        return length > 0 && (value.charAt(length - 1) == ' ' || value.charAt(length - 1) == '\t');
    }

    /** {@code head}'s status and fields as an HTTP/2 header block. */
    static Http2Headers response(HttpResponse head) {
        HttpHeaders headers = head.headers();
        Http2Headers fields = new DefaultHttp2Headers(false, headers.size() + 1);
        fields.status(head.status().codeAsText());
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> entry = entries.next();
            AsciiString name = AsciiString.of(entry.getKey()).toLowerCase();
            if (!connectionSpecific(name)) {
                fields.add(name, entry.getValue());
            }
        }
        return fields;
    }

    private static boolean connectionSpecific(AsciiString name) {
        return name.contentEquals(HttpHeaderNames.CONNECTION) || name.contentEquals(HttpHeaderNames.TRANSFER_ENCODING)
                || name.contentEquals(HttpHeaderNames.KEEP_ALIVE) || name.contentEquals(HttpHeaderNames.UPGRADE)
                || name.contentEquals(HttpHeaderNames.PROXY_CONNECTION);
    }
}
