package io.simples.http;

import static io.simples.http.Http2Wire.ACK;
import static io.simples.http.Http2Wire.DATA;
import static io.simples.http.Http2Wire.END_HEADERS;
import static io.simples.http.Http2Wire.END_STREAM;
import static io.simples.http.Http2Wire.GOAWAY;
import static io.simples.http.Http2Wire.HEADERS;
import static io.simples.http.Http2Wire.PING;
import static io.simples.http.Http2Wire.RST_STREAM;
import static io.simples.http.Http2Wire.SETTINGS;
import static io.simples.http.Http2Wire.WINDOW_UPDATE;
import static io.netty.handler.codec.http2.Http2Error.FLOW_CONTROL_ERROR;
import static io.netty.handler.codec.http2.Http2Error.FRAME_SIZE_ERROR;
import static io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR;
import static io.netty.handler.codec.http2.Http2Error.REFUSED_STREAM;
import static io.netty.handler.codec.http2.Http2Error.STREAM_CLOSED;

import io.netty.handler.codec.http2.Http2Error;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 9113 table: frames in, what the server answers out (a status, a RST_STREAM and its
 * code on the row's stream, a GOAWAY and its code, an acknowledgement), each row naming the
 * section it comes from. {@link Http2ConformanceTest} runs every row on a new connection to the
 * server of {@link Http2ConformanceTest#start}.
 */
final class Http2ConformanceRows {

    /** The most streams a client may have open at once on the table's server (§5.1.2's row opens one more). */
    static final int MAX_STREAMS = 3;

    /** What the server did: {@code kind} is status, RST_STREAM, GOAWAY, SETTINGS ACK, PING ACK, HTTP/1.1, closed or silent. */
    record Outcome(String kind, int stream, long code, String detail) {
        static Outcome status(int status) {
            return new Outcome("status", 0, status, "");
        }

        static Outcome reset(int stream, Http2Error error) {
            return reset(stream, error.code());
        }

        static Outcome reset(int stream, long code) {
            return new Outcome("RST_STREAM", stream, code, "");
        }

        static Outcome goAway(long code) {
            return new Outcome("GOAWAY", 0, code, "");
        }

        static Outcome of(String kind, String detail) {
            return new Outcome(kind, 0, 0, detail);
        }

        /** Whether the connection is still the client's after it: a stream's answer or error, or an acknowledgement. */
        boolean keepsConnection() {
            return !kind.equals("GOAWAY") && !kind.equals("closed") && !kind.equals("HTTP/1.1");
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "status" -> "status " + code;
                case "RST_STREAM" -> "RST_STREAM " + error(code) + " on stream " + stream;
                case "GOAWAY" -> "GOAWAY " + error(code);
                default -> detail.isEmpty() ? kind : kind + " " + detail;
            };
        }

        private static String error(long code) {
            Http2Error error = Http2Error.valueOf(code);
            return error == null ? "code " + code : error.name();
        }
    }

    /**
     * One row: {@code bytes} go in one write on a connection past its preface and SETTINGS
     * exchange (with {@code bare}, on a new socket with nothing before them); {@code stream} is the
     * stream whose answer, a HEADERS frame, decides the row.
     */
    record Row(String section, String name, boolean bare, byte[] bytes, int stream, Outcome expect) {
        @Override
        public String toString() {
            return "RFC 9113 " + section + " " + name + " → " + expect;
        }
    }

    private static final String[] GET = {":method", "GET", ":scheme", "http", ":path", "/row", ":authority", "x"};
    private static final String[] POST = {":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x"};

    private final List<Row> rows = new ArrayList<>();
    private String section;

    static List<Row> all() {
        Http2ConformanceRows table = new Http2ConformanceRows();
        table.preface();
        table.settings();
        table.frameSize();
        table.streams();
        table.pseudoHeaders();
        table.fields();
        table.contentLength();
        table.flowAndPing();
        return List.copyOf(table.rows);
    }

    private void preface() {
        section = "§3.4";
        rows.add(new Row(section, "a bad client preface is taken for HTTP/1.1 (PRI * HTTP/2.0: 505), served no further, closed", true,
                "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0,
                Outcome.of("HTTP/1.1", "505 and closed")));
    }

    private void settings() {
        section = "§6.5";
        row("the server's first frame is SETTINGS; ours gets an ACK", 0, Outcome.of("SETTINGS ACK", ""),
                frame(SETTINGS, 0, 0, settings(4, 65_535)));
        row("an unknown setting is ignored (§6.5.2)", 0, Outcome.of("SETTINGS ACK", ""), frame(SETTINGS, 0, 0, settings(0x7777, 1)));
        connection("a length not a multiple of 6", FRAME_SIZE_ERROR, frame(SETTINGS, 0, 0, new byte[5]));
        connection("an ACK with a payload", FRAME_SIZE_ERROR, frame(SETTINGS, ACK, 0, settings(4, 65_535)));
        connection("SETTINGS_ENABLE_PUSH 2 (§6.5.2)", PROTOCOL_ERROR, frame(SETTINGS, 0, 0, settings(2, 2)));
        connection("SETTINGS_INITIAL_WINDOW_SIZE 2^31 (§6.5.2)", FLOW_CONTROL_ERROR, frame(SETTINGS, 0, 0, settings(4, 1 << 31)));
        connection("SETTINGS_MAX_FRAME_SIZE under 16384 (§6.5.2)", PROTOCOL_ERROR, frame(SETTINGS, 0, 0, settings(5, 16_383)));
        connection("SETTINGS on stream 1", PROTOCOL_ERROR, frame(SETTINGS, 0, 1, new byte[0]));
    }

    private void frameSize() {
        section = "§4.2";
        connection("a HEADERS frame past SETTINGS_MAX_FRAME_SIZE (16384)", FRAME_SIZE_ERROR,
                frame(HEADERS, END_HEADERS | END_STREAM, 1, padded(Http2Wire.fields(GET), 16_385)));
    }

    private void streams() {
        section = "§5.1.1";
        row("a valid request", 1, Outcome.status(200), headers(1, true, GET));
        connection("an even stream id from the client", PROTOCOL_ERROR, headers(2, true, GET));
        // RFC 9113 wants a connection error here; Netty's codec, which keeps no record of closed streams, cannot tell a
        // never-used lower id from a closed stream and answers as for one: the stream is refused, never served
        row("a stream id lower than one already used: refused on its stream (a deviation: Netty's STREAM_CLOSED, not "
                + "a connection PROTOCOL_ERROR)", 3, Outcome.reset(3, STREAM_CLOSED), headers(5, true, GET), headers(3, true, GET));
        section = "§5.1";
        connection("DATA on an idle stream", PROTOCOL_ERROR, frame(DATA, END_STREAM, 1, bytes("abc")));
        connection("WINDOW_UPDATE on an idle stream", PROTOCOL_ERROR, frame(WINDOW_UPDATE, 0, 1, u32(1)));
        connection("RST_STREAM on an idle stream", PROTOCOL_ERROR, frame(RST_STREAM, 0, 1, u32(8)));
        reset("DATA on a half-closed (remote) stream, after END_STREAM", 1, STREAM_CLOSED,
                headers(1, true, POST), frame(DATA, END_STREAM, 1, bytes("abc")));
        section = "§6.2";
        connection("HEADERS on stream 0", PROTOCOL_ERROR, headers(0, true, GET));
        section = "§5.1.2";
        List<byte[]> open = new ArrayList<>();
        for (int stream = 1; stream <= 2 * MAX_STREAMS + 1; stream += 2) { // MAX_STREAMS + 1 streams, bodies still to come
            open.add(headers(stream, false, POST));
        }
        for (int stream = 1; stream < 2 * MAX_STREAMS + 1; stream += 2) { // the client lets the open ones go
            open.add(frame(RST_STREAM, 0, stream, u32(8)));
        }
        reset("a stream past SETTINGS_MAX_CONCURRENT_STREAMS", 2 * MAX_STREAMS + 1, REFUSED_STREAM, open.toArray(byte[][]::new));
    }

    private void pseudoHeaders() {
        section = "§8.3.1";
        malformed("no :method", without(GET, ":method"));
        malformed("no :path", without(GET, ":path"));
        malformed("no :scheme", without(GET, ":scheme"));
        malformed("an empty :path", ":method", "GET", ":scheme", "http", ":path", "", ":authority", "x");
        malformed("two :path", with(GET, ":path", "/again"));
        malformed("an unknown pseudo-header :foo", with(GET, ":foo", "bar"));
        malformed("a response pseudo-header :status in a request", with(GET, ":status", "200"));
        malformed("a pseudo-header after a regular field", "accept", "*/*", ":method", "GET", ":scheme", "http",
                ":path", "/row", ":authority", "x");
        row("a host equal to :authority is served", 1, Outcome.status(200), headers(1, true, with(GET, "host", "x")));
        malformed("a host unlike :authority", with(GET, "host", "y"));
        malformed("a :method that is no token", ":method", "G T", ":scheme", "http", ":path", "/row", ":authority", "x");
        section = "§8.2.3";
        row("cookie fields are joined with \"; \" into one Cookie (the route answers 200 only for \"a=1; b=2\")", 1,
                Outcome.status(200), headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/cookies",
                        ":authority", "x", "cookie", "a=1", "cookie", "b=2"));
    }

    private void fields() {
        section = "§8.2.2";
        for (String[] field : new String[][] {{"connection", "close"}, {"keep-alive", "timeout=5"},
            {"proxy-connection", "keep-alive"}, {"transfer-encoding", "chunked"}, {"upgrade", "h2c"}}) {
            malformed("the connection-specific field " + field[0], with(GET, field));
        }
        malformed("te other than trailers", with(GET, "te", "gzip"));
        row("te: trailers is allowed", 1, Outcome.status(200), headers(1, true, with(GET, "te", "trailers")));
        section = "§8.2";
        malformed("an uppercase field name", with(GET, "Accept", "*/*"));
        row("a lowercase field name", 1, Outcome.status(200), headers(1, true, with(GET, "accept", "*/*")));
        section = "§8.2.1";
        malformed("a field value holding CR", with(GET, "x-a", "a\rb"));
        malformed("a field value holding LF", with(GET, "x-a", "a\nb"));
        malformed("a field value holding NUL", with(GET, "x-a", "a\u0000b"));
        malformed("a field value with a leading space", with(GET, "x-a", " a"));
        malformed("a field value with a leading tab", with(GET, "x-a", "\ta"));
        malformed("a field value with a trailing space", with(GET, "x-a", "a "));
        malformed("a field value with a trailing tab", with(GET, "x-a", "a\t"));
        malformed("a field name holding a space", with(GET, "x a", "b"));
        row("whitespace inside a field value", 1, Outcome.status(200), headers(1, true, with(GET, "x-a", "a b")));
    }

    private void contentLength() {
        section = "§8.1.1";
        reset("content-length larger than the DATA", 1, PROTOCOL_ERROR,
                headers(1, false, with(POST, "content-length", "5")), frame(DATA, END_STREAM, 1, bytes("abc")));
        reset("content-length smaller than the DATA", 1, PROTOCOL_ERROR,
                headers(1, false, with(POST, "content-length", "2")), frame(DATA, END_STREAM, 1, bytes("abc")));
        row("content-length equal to the DATA", 1, Outcome.status(200),
                headers(1, false, with(POST, "content-length", "3")), frame(DATA, END_STREAM, 1, bytes("abc")));
    }

    private void flowAndPing() {
        section = "§6.9";
        connection("WINDOW_UPDATE of 0 on stream 0", PROTOCOL_ERROR, frame(WINDOW_UPDATE, 0, 0, u32(0)));
        reset("WINDOW_UPDATE of 0 on an open stream", 1, PROTOCOL_ERROR,
                headers(1, false, POST), frame(WINDOW_UPDATE, 0, 1, u32(0)));
        connection("WINDOW_UPDATE of 3 bytes", FRAME_SIZE_ERROR, frame(WINDOW_UPDATE, 0, 0, new byte[] {0, 0, 1}));
        section = "§6.7";
        row("a PING gets an ACK with its payload", 0, Outcome.of("PING ACK", "pingpong"), frame(PING, 0, 0, bytes("pingpong")));
        connection("a PING of 7 bytes", FRAME_SIZE_ERROR, frame(PING, 0, 0, bytes("pingpon")));
        connection("a PING on stream 1", PROTOCOL_ERROR, frame(PING, 0, 1, bytes("pingpong")));
        section = "§6.8";
        row("after the client's GOAWAY, its open stream is still answered", 1, Outcome.status(200),
                headers(1, false, POST), frame(GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(0).putInt(0).array()),
                frame(DATA, END_STREAM, 1, bytes("abc")));
    }

    // --- how rows are written ---

    private void row(String name, int stream, Outcome expect, byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        rows.add(new Row(section, name, false, all.toByteArray(), stream, expect));
    }

    private void connection(String name, Http2Error error, byte[]... frames) {
        row(name, 0, Outcome.goAway(error.code()), frames);
    }

    private void reset(String name, int stream, Http2Error error, byte[]... frames) {
        row(name, stream, Outcome.reset(stream, error), frames);
    }

    /** A request that RFC 9113 §8.1.1 calls malformed: a stream error PROTOCOL_ERROR, never served. */
    private void malformed(String name, String... fields) {
        reset(name, 1, PROTOCOL_ERROR, headers(1, true, fields));
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return Http2Wire.encode(type, flags, stream, payload);
    }

    private static byte[] headers(int stream, boolean endStream, String... fields) {
        return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, Http2Wire.fields(fields));
    }

    private static String[] with(String[] fields, String... more) {
        String[] all = Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }

    private static String[] without(String[] fields, String name) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equals(name)) {
                kept.add(fields[i]);
                kept.add(fields[i + 1]);
            }
        }
        return kept.toArray(String[]::new);
    }

    /** {@code block} padded with zeros to {@code length} bytes: the frame's size is what the row is about. */
    private static byte[] padded(byte[] block, int length) {
        return Arrays.copyOf(block, length);
    }

    private static byte[] settings(int id, int value) {
        return ByteBuffer.allocate(6).putShort((short) id).putInt(value).array();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
