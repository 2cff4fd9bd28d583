package io.simples.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The conformance table: raw bytes in, the status or close code and the connection's state out,
 * each row naming the RFC section it comes from. {@link ConformanceTest} runs every row on an
 * {@code EmbeddedChannel} and over real sockets in both execution modes, against the server of
 * {@link ConformanceTest#routes}.
 */
final class ConformanceRows {

    /** What a row must get: an HTTP status and whether the connection stays usable, or a WebSocket frame. */
    record Expect(int status, boolean open, int closeCode, int opcode) {
        @Override
        public String toString() {
            if (status > 0) {
                return status + (open ? " and open" : " and closed");
            }
            return closeCode >= 0 ? "close " + closeCode : "frame opcode " + opcode;
        }
    }

    /**
     * One row: {@code request} is written first; after a 101, {@code frames} follow. With
     * {@code halfClose} the client shuts its sending side once it has written.
     */
    record Row(String section, String name, String request, List<byte[]> frames, Expect expect, boolean halfClose) {
        @Override
        public String toString() {
            return section + " " + name + " → " + expect;
        }

        boolean webSocket() {
            return !frames.isEmpty() || expect.status == 101;
        }
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String HANDSHAKE = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + KEY + "\r\n";
    static final int WS_LIMIT = 1000;
    static final int BODY_LIMIT = 1000;

    private final List<Row> rows = new ArrayList<>();
    private String section;

    static List<Row> all() {
        ConformanceRows table = new ConformanceRows();
        table.requestLine();
        table.methods();
        table.host();
        table.target();
        table.fields();
        table.framing();
        table.connections();
        table.handshake();
        table.frames();
        table.closeFrames();
        table.compression();
        return List.copyOf(table.rows);
    }

    private void requestLine() {
        section = "RFC 9112 §2-3";
        http("a valid request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("empty lines before the request line are ignored (§2.2)", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("the protocol name is case-sensitive (§2.3)", "GET / http/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("another protocol name", "GET / HTTX/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("major version 2 (RFC 9110 §15.6.6)", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, false);
        http("major version 3", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505, false);
        http("a higher minor version is answered as 1.1 (RFC 9110 §6.2)", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 200, true);
        http("no version (HTTP/0.9)", "GET /\r\n\r\n", 400, false);
        http("no request target", "GET HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("whitespace after the version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400, false);
        http("bare LF line endings (§2.2)", "GET / HTTP/1.1\nHost: x\n\n", 400, false);
        http("HTTP/1.0 without Host closes after the answer", "GET / HTTP/1.0\r\n\r\n", 200, false);
        http("HTTP/1.0 with keep-alive stays open", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200, true);
    }

    private void methods() {
        section = "RFC 9110 §9";
        http("methods are case-sensitive: get is unknown (§9.1: 501)", "get / HTTP/1.1\r\nHost: x\r\n\r\n", 501, true);
        http("an unknown method (§9.1: 501)", "FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 501, true);
        http("TRACE is not implemented (§9.3.8)", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501, true);
        http("CONNECT: no proxy here (§9.3.6)", "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n", 501, false);
        http("a method that is not a token (RFC 9112 §3.1)", "G@T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a known method on a path without it: 405 (§15.5.6)", "PUT /only-post HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, true);
        http("HEAD answers like GET (§9.3.2)", "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("OPTIONS * (§9.3.7)", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 204, true);
        http("* is only for OPTIONS (RFC 9112 §3.2.4)", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
    }

    private void host() {
        section = "RFC 9112 §3.2";
        http("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400, false);
        http("two Host fields", "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400, false);
        http("two Host fields, the same value", "GET / HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n", 400, false);
        http("an empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400, false);
        http("a space in Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, false);
        http("a port that is not a number", "GET / HTTP/1.1\r\nHost: x:y\r\n\r\n", 400, false);
        http("a port past 65535", "GET / HTTP/1.1\r\nHost: x:99999\r\n\r\n", 400, false);
        http("an empty port", "GET / HTTP/1.1\r\nHost: x:\r\n\r\n", 400, false);
        http("user information in Host", "GET / HTTP/1.1\r\nHost: user@x\r\n\r\n", 400, false);
        http("a path in Host", "GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", 400, false);
        http("a bad IPv6 literal", "GET / HTTP/1.1\r\nHost: [zz]\r\n\r\n", 400, false);
        http("an IPv6 literal with a port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 200, true);
        http("an IPv4 address with a port", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", 200, true);
        http("a percent-encoded registered name (RFC 3986 §3.2.2)", "GET / HTTP/1.1\r\nHost: a%41\r\n\r\n", 200, true);
        http("no Host on a static file", "GET /static/a.txt HTTP/1.1\r\n\r\n", 400, false);
        http("a static file with Host", "GET /static/a.txt HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("no Host on a WebSocket upgrade (RFC 6455 §4.2.1)", HANDSHAKE.replace("Host: x\r\n", "") + "\r\n", 400, false);
        http("two Hosts on a WebSocket upgrade", HANDSHAKE + "Host: y\r\n\r\n", 400, false);
    }

    private void target() {
        section = "RFC 9112 §3.2, RFC 3986";
        http("a control character", "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("DEL", "GET /a\u007fb HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("NUL", "GET /a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a byte above 0x7F", "GET /caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a tab", "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a space", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a % without hex digits", "GET /a%zzb HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a % at the end", "GET /a% HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a % with one hex digit", "GET /a%4 HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a bad % in the query", "GET /a?q=%g1 HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a fragment", "GET /a#top HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("percent-encoded bytes", "GET /a%20b?q=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("the absolute form naming its Host (§3.2.2)", "GET http://x/abs HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("the absolute form naming another host", "GET http://y/abs HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("the absolute form with user information", "GET http://u@x/abs HTTP/1.1\r\nHost: u@x\r\n\r\n", 400, false);
        http("the absolute form of another scheme", "GET ftp://x/abs HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("the authority form outside CONNECT (§3.2.3)", "GET x:80 HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        http("a relative path", "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
    }

    private void fields() {
        section = "RFC 9110 §5, RFC 9112 §5";
        http("whitespace before the colon (§5.1)", "GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n", 400, false);
        http("NUL in a value (RFC 9110 §5.5)", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\u00002\r\n\r\n", 400, false);
        http("CR in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r2\r\n\r\n", 400, false);
        http("LF in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\n2\r\n\r\n", 400, false);
        http("a control character in a name", "GET / HTTP/1.1\r\nHost: x\r\nX\u0001A: 1\r\n\r\n", 400, false);
        http("a line without a colon", "GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", 400, false);
        http("an empty name", "GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n", 400, false);
        http("a request line past the limit: 414 (RFC 9112 §3)", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, false);
        http("a head past the limit: 431 (RFC 6585 §5)", "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + "b".repeat(9000) + "\r\n\r\n", 431, false);
        http("obsolete line folding is replaced by a space (§5.2 allows it)", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n", 200, true);
    }

    private void framing() {
        section = "RFC 9112 §6";
        http("Content-Length and Transfer-Encoding (§6.3)", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, false);
        http("two different Content-Lengths (§6.3)", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400, false);
        http("a negative Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400, false);
        http("a signed Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\nx", 400, false);
        http("a Content-Length that is no number", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n", 400, false);
        http("a transfer coding that does not end in chunked (§6.3)", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400, false);
        http("chunked, then another coding", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400, false);
        http("Transfer-Encoding in HTTP/1.0 (§6.1)", "POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, false);
        http("a bad chunk size (§7.1)", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, false);
        http("a chunked body", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, true);
        http("a body past the limit: 413 (RFC 9110 §15.5.14)", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (BODY_LIMIT + 1) + "\r\n\r\n" + "x".repeat(BODY_LIMIT + 1), 413, false);
        http("an expectation we cannot meet: 417 (RFC 9110 §10.1.1)", "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\n", 417, false);
        String hidden = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        http("a request inside a body is a body (§6)", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + hidden.length()
                + "\r\n\r\n" + hidden, 200, true);
    }

    private void connections() {
        section = "RFC 9112 §9";
        http("Connection: close ends it after the answer (§9.6)", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, false);
        http("pipelined requests are answered in order (§9.3.2)", "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n", 200, true);
        http("more pipelined requests than may wait: those waiting are answered, then it closes",
                "GET /p HTTP/1.1\r\nHost: x\r\n\r\n".repeat(40), 200, false);
        http("a request after a refused one is not answered", "GET / HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n", 400, false);
        rows.add(new Row(section, "a half-closed client still gets its answer (§9.6)", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                List.of(), new Expect(200, false, -1, -1), true));
    }

    private void handshake() {
        section = "RFC 6455 §4.2";
        http("a valid opening handshake", HANDSHAKE + "\r\n", 101, true);
        http("no Sec-WebSocket-Key", HANDSHAKE.replace("Sec-WebSocket-Key: " + KEY + "\r\n", "") + "\r\n", 400, true);
        http("a key that is not base64", HANDSHAKE.replace(KEY, "not base64 at all!!!!!!!") + "\r\n", 400, true);
        http("a key of 15 bytes", HANDSHAKE.replace(KEY, "AAAAAAAAAAAAAAAAAAAA") + "\r\n", 400, true);
        http("version 8: 426 naming 13 (§4.4)", HANDSHAKE.replace("Version: 13", "Version: 8") + "\r\n", 426, true);
        http("no version", HANDSHAKE.replace("Sec-WebSocket-Version: 13\r\n", "") + "\r\n", 426, true);
        http("no Upgrade header: 426", HANDSHAKE.replace("Upgrade: websocket\r\n", "") + "\r\n", 426, true);
        http("Connection without upgrade", HANDSHAKE.replace("Connection: Upgrade", "Connection: keep-alive") + "\r\n", 400, true);
        http("an upgrade in HTTP/1.0", HANDSHAKE.replace("HTTP/1.1", "HTTP/1.0") + "\r\n", 400, false);
        http("a page of another origin: 403 (§4.2.2)", HANDSHAKE + "Origin: https://evil.example\r\n\r\n", 403, true);
        http("an upgrade that is not a GET: 405", HANDSHAKE.replace("GET /ws", "POST /ws") + "Content-Length: 0\r\n\r\n", 405, true);
    }

    private void frames() {
        section = "RFC 6455 §5";
        ws("a masked text message is answered", 1, frame(true, 0, 1, "hi", true));
        ws("a ping is answered with a pong (§5.5.2)", 10, frame(true, 0, 9, "p", true));
        ws("fragments are joined (§5.4)", 1, frame(false, 0, 1, "h", true), frame(true, 0, 0, "i", true));
        ws("a ping between fragments (§5.4)", 10, frame(false, 0, 1, "h", true), frame(true, 0, 9, "", true));
        ws("an unmasked frame (§5.1)", closes(1002), frame(true, 0, 1, "hi", false));
        ws("RSV1 without a negotiated extension (§5.2)", closes(1002), frame(true, 4, 1, "hi", true));
        ws("RSV2 (§5.2)", closes(1002), frame(true, 2, 1, "hi", true));
        ws("RSV3 (§5.2)", closes(1002), frame(true, 1, 1, "hi", true));
        ws("RSV bits on a ping", closes(1002), frame(true, 2, 9, "", true));
        ws("a reserved data opcode (§5.2)", closes(1002), frame(true, 0, 3, "hi", true));
        ws("a reserved control opcode", closes(1002), frame(true, 0, 11, "", true));
        ws("a control frame over 125 bytes (§5.5)", closes(1002), frame(true, 0, 9, "p".repeat(126), true));
        ws("a fragmented control frame (§5.5)", closes(1002), frame(false, 0, 9, "p", true));
        ws("a continuation without a start (§5.4)", closes(1002), frame(true, 0, 0, "hi", true));
        ws("a new message inside a fragmented one (§5.4)", closes(1002), frame(false, 0, 1, "h", true), frame(true, 0, 1, "i", true));
        ws("a length not in its shortest form (§5.2)", closes(1002), longLength());
        ws("text that is not UTF-8 (§8.1)", closes(1007), frame(true, 0, 1, new byte[]{(byte) 0xc3, 0x28}, true));
        ws("a message past the limit (§7.4.1)", closes(1009), frame(true, 0, 2, new byte[WS_LIMIT + 1], true));
        ws("fragments past the limit together", closes(1009), frame(false, 0, 2, new byte[WS_LIMIT / 2 + 1], true),
                frame(true, 0, 0, new byte[WS_LIMIT / 2 + 1], true));
    }

    private void closeFrames() {
        section = "RFC 6455 §5.5.1, §7.4";
        ws("a close is echoed with its code", closes(1000), close(1000, ""));
        ws("a code for applications is echoed", closes(3000), close(3000, "bye"));
        ws("a close without a code is echoed without one", closes(0), frame(true, 0, 8, new byte[0], true));
        ws("a close with a 1-byte payload", closes(1002), frame(true, 0, 8, new byte[]{3}, true));
        for (int code : new int[]{999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            ws("close code " + code + " is not allowed on the wire", closes(1002), close(code, ""));
        }
        ws("a close reason that is not UTF-8 (§8.1)", closes(1007),
                frame(true, 0, 8, new byte[]{0x03, (byte) 0xe8, (byte) 0xc3, 0x28}, true));
    }

    private void compression() {
        section = "RFC 7692";
        String deflate = HANDSHAKE + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
        rows.add(new Row(section, "a compressed message is inflated", deflate,
                List.of(frame(true, 4, 1, deflated("hi".getBytes(StandardCharsets.UTF_8)), true)), answers(1), false));
        rows.add(new Row(section, "a compressed message inflating past the limit (RFC 6455 §7.4.1)", deflate,
                List.of(frame(true, 4, 2, deflated(new byte[WS_LIMIT * 20]), true)), closes(1009), false));
        rows.add(new Row(section, "RSV1 on a continuation frame (§6.1)", deflate,
                List.of(frame(false, 4, 1, deflated("h".getBytes(StandardCharsets.UTF_8)), true),
                        frame(true, 4, 0, deflated("i".getBytes(StandardCharsets.UTF_8)), true)), closes(1002), false));
        rows.add(new Row(section, "a compressed message that cannot be inflated", deflate,
                List.of(frame(true, 4, 1, new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x11}, true)),
                closes(1002), false));
    }

    // --- building rows ---

    private void http(String name, String request, int status, boolean open) {
        rows.add(new Row(section, name, request, List.of(), new Expect(status, open, -1, -1), false));
    }

    private void ws(String name, int answerOpcode, byte[]... frames) {
        ws(name, answers(answerOpcode), frames);
    }

    private void ws(String name, Expect expect, byte[]... frames) {
        rows.add(new Row(section, name, HANDSHAKE + "\r\n", List.of(frames), expect, false));
    }

    private static Expect closes(int code) {
        return new Expect(-1, false, code, -1);
    }

    private static Expect answers(int opcode) {
        return new Expect(-1, true, -1, opcode);
    }

    private static byte[] frame(boolean fin, int rsv, int opcode, String payload, boolean masked) {
        return frame(fin, rsv, opcode, payload.getBytes(StandardCharsets.UTF_8), masked);
    }

    private static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        return RawWebSocket.frame(fin, opcode, payload, masked, rsv);
    }

    static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text);
        return frame(true, 0, 8, payload.array(), true);
    }

    /** A 5-byte text frame whose length is written in 64 bits. */
    private static byte[] longLength() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | 127);
        frame.writeBytes(ByteBuffer.allocate(8).putLong(5).array());
        frame.writeBytes(new byte[]{0, 0, 0, 0});
        frame.writeBytes("hello".getBytes(StandardCharsets.UTF_8));
        return frame.toByteArray();
    }

    /** permessage-deflate's payload: raw deflate, flushed, without the final empty block's 4 bytes (RFC 7692 §7.2.1). */
    static byte[] deflated(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(raw);
        byte[] buffer = new byte[raw.length + 64];
        int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        byte[] payload = new byte[length - 4];
        System.arraycopy(buffer, 0, payload, 0, payload.length);
        return payload;
    }
}
