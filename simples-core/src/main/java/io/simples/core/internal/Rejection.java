package io.simples.core.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Why an input was rejected, as the peer hears it: an HTTP status or a WebSocket close code,
 * and a short reason. The one mapping from what went wrong to what is answered: the head timer,
 * the body reader, the head rules and codec failures, upgrade refusals and WebSocket frame
 * failures all go through {@link #ofHttp} or {@link #ofWebSocket}, and every rejection answered
 * before routing is written by {@link #response()} or {@link #encoded}.
 */
public final class Rejection extends RuntimeException {

    /** The statuses an answer before routing can have: what {@link #answered} counts. */
    public static final List<Integer> BEFORE_ROUTING = List.of(400, 408, 413, 414, 417, 431, 501, 505);

    /** Answers written before routing, by status, for the whole process: the codec knows no server. */
    private static final Map<Integer, LongAdder> ANSWERED = BEFORE_ROUTING.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(code -> code, code -> new LongAdder()));

    private final int code;
    private final Map<String, String> headers;

    /** A rejection with {@code code} (a status or close code) and a reason meant for the peer. */
    public Rejection(int code, String reason) {
        this(code, reason, Map.of());
    }

    /** A rejection whose answer carries {@code headers} too (426 names what to upgrade to). */
    public Rejection(int code, String reason, Map<String, String> headers) {
        super(reason, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** A 413 for {@code what} ("the body", "a field") past {@code limit} bytes, the limit as a person reads it. */
    public static Rejection tooLarge(String what, long limit) {
        return new Rejection(413, what + " is larger than " + size(limit));
    }

    /** Whole binary units when the size has them ({@code 5 MiB}, {@code 64 KiB}), otherwise bytes. */
    static String size(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + " " + units[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    /**
     * What a failure of the HTTP codec or body reader is answered with: the rejection itself, 414
     * for a request line, 431 for a head past its limit, 400 for anything else it could not parse.
     */
    public static Rejection ofHttp(Throwable cause) {
        if (cause instanceof Rejection rejection) {
            return rejection;
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(414, "the request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Rejection(431, "the request head is too large");
        }
        return new Rejection(400, "the request cannot be parsed");
    }

    /**
     * The close code for a failure of a WebSocket's decoders: the decoder's own code (1002 or
     * 1007: it already sent its close frame), 1009 for a message past the limit, compressed or
     * not, 1002 for one that cannot be inflated, 1011 for anything else.
     */
    public static Rejection ofWebSocket(Throwable cause) {
        CorruptedWebSocketFrameException corrupted = find(cause, CorruptedWebSocketFrameException.class);
        if (corrupted != null) {
            return new Rejection(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        }
        DecompressionException inflating = find(cause, DecompressionException.class);
        // the inflater stops at the message limit with a DecompressionException saying so
        boolean tooLongToInflate = inflating != null && inflating.getMessage() != null
                && inflating.getMessage().contains("maximum size");
        if (find(cause, TooLongFrameException.class) != null || tooLongToInflate) {
            return new Rejection(1009, "message too big");
        }
        if (inflating != null) {
            return new Rejection(1002, "the compressed message cannot be inflated");
        }
        return new Rejection(1011, "server error");
    }

    /** True when a WebSocket decoder refused a frame: it already sent its close frame and closes. */
    public static boolean closedByDecoder(Throwable cause) {
        return find(cause, CorruptedWebSocketFrameException.class) != null;
    }

    /** True when {@code cause} only says that the peer went away: there is nobody to answer. */
    public static boolean peerGone(Throwable cause) {
        return cause instanceof PrematureChannelClosureException;
    }

    /** The status or close code. */
    public int code() {
        return code;
    }

    /** Headers the answer carries besides the usual ones. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body of an HTTP answer: the status, its reason phrase and the reason. */
    public String text() {
        return code + " " + ResponseHeads.reason(code)
                + (getMessage() == null ? "" : ": " + getMessage());
    }

    /** How many answers with {@code status} were written before routing in this process (0 for a status not in {@link #BEFORE_ROUTING}). */
    public static long answered(int status) {
        LongAdder count = ANSWERED.get(status);
        return count == null ? 0 : count.sum();
    }

    private void count() {
        LongAdder count = ANSWERED.get(code);
        if (count != null) {
            count.increment();
        }
    }

    /** The HTTP answer, closing the connection, for handlers after the codec. */
    public FullHttpResponse response() {
        return response(null);
    }

    /**
     * The HTTP answer to a request with {@code request} headers (null when they are not known):
     * a small page with a link back for a browser that asks for HTML (a form's upload past the
     * limit, say), plain text otherwise.
     */
    public FullHttpResponse response(HttpHeaders request) {
        count();
        boolean page = request != null && String.valueOf(request.get(HttpHeaderNames.ACCEPT)).contains("text/html");
        String body = page ? page(backLink(request)) : text();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, ResponseHeads.status(code),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        headers.forEach(response.headers()::set);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, page ? "text/html;charset=utf-8" : "text/plain;charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.DATE, ResponseHeads.date());
        return response;
    }

    private String page(String back) {
        String title = code + " " + ResponseHeads.reason(code);
        String reason = getMessage() == null ? "" : getMessage();
        if (!reason.isEmpty()) {
            reason = Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ".";
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n<body><h1>" + title
                + "</h1>\n<p>" + escape(reason) + "</p>\n<p><a href=\"" + escape(back) + "\">Back</a></p></body></html>\n";
    }

    /** The page the request came from when it is on the same site (its {@code Referer}), else the site's root. */
    private static String backLink(HttpHeaders request) {
        String referer = request.get(HttpHeaderNames.REFERER);
        String host = request.get(HttpHeaderNames.HOST);
        if (referer == null || host == null) {
            return "/";
        }
        try {
            java.net.URI from = new java.net.URI(referer);
            if (!host.equalsIgnoreCase(from.getRawAuthority()) || from.getRawPath() == null || !from.getRawPath().startsWith("/")) {
                return "/";
            }
            return from.getRawPath() + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery());
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** The same answer as bytes, for a handler before the codec (the head timer). */
    public ByteBuf encoded(ByteBufAllocator alloc) {
        count();
        byte[] body = text().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(128).append("HTTP/1.1 ").append(ResponseHeads.status(code)).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("content-type: text/plain;charset=utf-8\r\ncontent-length: ").append(body.length)
                .append("\r\nconnection: close\r\ndate: ").append(ResponseHeads.date()).append("\r\n\r\n");
        ByteBuf bytes = alloc.buffer(head.length() + body.length);
        bytes.writeCharSequence(head, StandardCharsets.US_ASCII);
        bytes.writeBytes(body);
        return bytes;
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
