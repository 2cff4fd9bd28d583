package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.handler.codec.http2.Http2Headers;
import io.simples.http.Http2ConformanceRows.Outcome;
import io.simples.http.Http2ConformanceRows.Row;
import io.simples.http.Http2Wire.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our HTTP/2 server against RFC 9113, one row of {@link Http2ConformanceRows} at a time on a new
 * cleartext connection (prior knowledge): the frames of the row in, and the exact outcome out (a
 * status, a RST_STREAM with its code on the row's stream, a GOAWAY with its code). Past a stream
 * error the same connection must still answer a request; past a connection error the connection
 * must be closed and a new one must answer. A malformed request must never reach the routes.
 * The HTTP/1.1 table is {@link ConformanceTest}'s.
 */
@Timeout(30)
class Http2ConformanceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** The stream of the request that checks the connection after a row: above any stream a row uses. */
    private static final int PROBE = 101;

    private static TestServer test;

    @BeforeAll
    static void start() {
        test = new TestServer(ServerOptions.defaults()
                .http2(Http2Options.defaults().cleartext(true).maxConcurrentStreams(Http2ConformanceRows.MAX_STREAMS)));
        test.server.get("/cookies", c -> c.status("a=1; b=2".equals(c.headers().get("cookie")) ? 200 : 400).end());
        test.server.get("/*", c -> c.end("path " + c.path()));
        test.server.post("/echo", c -> c.end("got " + c.body().length()));
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    static List<Row> rows() {
        return Http2ConformanceRows.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void row(Row row) throws Exception {
        try (Http2Wire wire = row.bare() ? Http2Wire.bare(test.server.port()) : connect()) {
            wire.write(row.bytes());
            Outcome seen = row.bare() ? bare(wire) : observe(wire, row);
            System.gc(); // a buffer the row leaked is collected now: the leak is this row's failure (TestWatch), not a later row's
            assertAll(row.toString(), () -> assertEquals(row.expect().toString(), seen.toString()), () -> {
                if (seen.keepsConnection() && !row.bare()) {
                    assertAnswers(wire, PROBE, "the same connection, after the row");
                    return;
                }
                if (!row.bare()) {
                    closes(wire);
                }
                try (Http2Wire again = connect()) {
                    assertAnswers(again, 1, "a new connection, after the row closed its own");
                }
            });
        }
    }

    /** A connection past its preface: the server's first frame is its SETTINGS (§3.4), which the client acknowledges. */
    private static Http2Wire connect() throws Exception {
        Http2Wire wire = new Http2Wire(test.server.port());
        Frame first = wire.next(PATIENCE);
        assertNotNull(first, "§3.4: no SETTINGS from the server");
        assertEquals(Http2Wire.SETTINGS + " 0", first.type() + " " + (first.flags() & Http2Wire.ACK),
                "§3.4: the server's first frame is a SETTINGS frame, not an ACK");
        wire.frame(Http2Wire.SETTINGS, Http2Wire.ACK, 0, new byte[0]);
        return wire;
    }

    /**
     * The first frame that decides the row: a RST_STREAM (any stream), a GOAWAY, the HEADERS of the
     * row's stream, or the acknowledgement the row waits for; or the connection's end, or silence.
     */
    private static Outcome observe(Http2Wire wire, Row row) throws Exception {
        for (Frame frame = wire.next(PATIENCE); frame != null; frame = wire.next(PATIENCE)) {
            boolean ack = (frame.flags() & Http2Wire.ACK) != 0;
            switch (frame.type()) {
                case Http2Wire.RST_STREAM:
                    return Outcome.reset(frame.stream(), Http2Wire.errorCode(frame));
                case Http2Wire.GOAWAY:
                    return Outcome.goAway(Http2Wire.errorCode(frame));
                case Http2Wire.HEADERS:
                    Http2Headers headers = wire.decode(frame);
                    if (frame.stream() == row.stream()) {
                        return Outcome.status(Integer.parseInt(headers.status().toString()));
                    }
                    break;
                case Http2Wire.SETTINGS:
                    if (ack && row.expect().kind().equals("SETTINGS ACK")) {
                        return Outcome.of("SETTINGS ACK", "");
                    }
                    break;
                case Http2Wire.PING:
                    if (ack) {
                        return Outcome.of("PING ACK", frame.text());
                    }
                    break;
                default:
                    break; // WINDOW_UPDATE, DATA of other streams: not what the row is about
            }
        }
        return Outcome.of(wire.silent ? "silent" : "closed", "");
    }

    /** What a connection that never spoke HTTP/2 got: an HTTP/1.1 answer, frames or nothing, and whether it closed. */
    private static Outcome bare(Http2Wire wire) throws Exception {
        byte[] bytes = wire.rest(PATIENCE);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("path /"), "a route answered: " + text);
        String end = wire.silent ? "and still open" : "and closed";
        if (text.startsWith("HTTP/1.1 ")) {
            return Outcome.of("HTTP/1.1", text.substring(9, 12) + " " + end);
        }
        if (bytes.length >= 9 + 8 && bytes[3] == Http2Wire.GOAWAY) { // a GOAWAY first: its code is at 9 + 4
            return Outcome.of("GOAWAY", Integer.toUnsignedLong(ByteBuffer.wrap(bytes).getInt(13)) + " " + end);
        }
        return Outcome.of(wire.silent ? "silent" : "closed", bytes.length + " bytes");
    }

    /** After a connection error: the server's frames end with the connection (EOF or reset), not silence. */
    private static void closes(Http2Wire wire) throws Exception {
        while (wire.next(PATIENCE) != null) {
            // frames still on their way before the close
        }
        assertFalse(wire.silent, "the connection is still open after the GOAWAY");
    }

    /** A GET on {@code stream} is answered 200 with the route's body. */
    private static void assertAnswers(Http2Wire wire, int stream, String where) throws Exception {
        wire.headers(stream, "GET", "/probe", true);
        StringBuilder answer = new StringBuilder();
        for (Frame frame = wire.next(PATIENCE); frame != null; frame = wire.next(PATIENCE)) {
            if (frame.type() == Http2Wire.HEADERS) {
                Http2Headers headers = wire.decode(frame);
                if (frame.stream() == stream) {
                    answer.append(headers.status()).append(' ');
                }
            } else if (frame.type() == Http2Wire.DATA && frame.stream() == stream) {
                answer.append(frame.text());
            } else if (frame.type() == Http2Wire.GOAWAY || frame.type() == Http2Wire.RST_STREAM && frame.stream() == stream) {
                fail(where + ": " + (frame.type() == Http2Wire.GOAWAY ? "GOAWAY " : "RST_STREAM ") + Http2Wire.errorCode(frame));
            }
            if (frame.stream() == stream && frame.endsStream()) {
                break;
            }
        }
        assertEquals("200 path /probe", answer.toString(), where);
    }
}
