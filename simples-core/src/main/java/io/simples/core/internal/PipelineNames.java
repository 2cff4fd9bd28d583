package io.simples.core.internal;

/**
 * The names of the handlers in a connection's pipeline, in the order they stand. The HTTP
 * machinery adds the first group; a WebSocket upgrade removes the HTTP-only ones and adds the
 * second group after {@link #CODEC}. One list, so that neither side spells the other's names.
 */
public final class PipelineNames {

    public static final String TLS = "tls";
    /** HTTP/2 over TLS on: waits for the handshake's ALPN choice, then sets the pipeline up for it. */
    public static final String ALPN = "alpn";
    public static final String FLUSH = "flush";
    /** Cleartext HTTP/2 on: the handler that tells its preface from HTTP/1.1 at a connection's start. */
    public static final String PREFACE = "h2-preface";
    public static final String HEAD_TIMER = "head-timer";
    public static final String CODEC = "codec";
    /** Cleartext HTTP/2 on: answers an {@code Upgrade: h2c} request. */
    public static final String H2C_UPGRADE = "h2c-upgrade";
    public static final String BODY = "body";
    public static final String CHUNKED = "chunked";
    public static final String IDLE = "idle";
    public static final String HTTP = "http";
    public static final String DECOMPRESSOR = "decompressor";

    /** What an HTTP connection drops when it becomes a WebSocket (the codec stays for the handshake). */
    public static final String[] HTTP_ONLY = {FLUSH, HEAD_TIMER, H2C_UPGRADE, BODY, CHUNKED, IDLE};

    public static final String WS_COMPRESSION = "ws-compression";
    public static final String WS_IDLE = "ws-idle";
    public static final String WS_HANDSHAKE_HEADERS = "ws-handshake-headers";
    public static final String WS_RESERVED_BITS = "ws-rsv";
    public static final String WS_PROTOCOL = "ws-protocol";
    public static final String WS_DECODER = "wsdecoder"; // the name Netty's protocol handler gives its frame decoder
    public static final String WS_AGGREGATOR = "ws-aggregator";
    public static final String WS = "ws";
    public static final String WS_HANDSHAKE = "ws-handshake";
    public static final String WS_UPGRADE_HEADERS = "ws-upgrade-headers";

    private PipelineNames() {
    }
}
