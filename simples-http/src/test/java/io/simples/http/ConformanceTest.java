package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.simples.http.ConformanceRows.Expect;
import io.simples.http.ConformanceRows.Row;
import io.simples.http.internal.http1.HttpPipeline;
import io.simples.http.internal.http1.InFlight;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@link ConformanceRows} against the same routes three ways: on an
 * {@link EmbeddedChannel} holding the server's pipeline (listeners on the test's thread, as on an
 * event loop), and over real sockets with listeners on the event loop and on handler threads.
 */
@Timeout(30)
class ConformanceTest {

    /** What the answers of the rows must never contain: a request hidden in a body, or sent after a refused one. */
    private static final List<String> NEVER = List.of("path /smuggled", "path /after");

    @TempDir
    static Path root;
    private static Server eventLoop;
    private static Server handlerThreads;
    private static Server embedded;

    static ServerOptions options(boolean eventLoopHandlers) {
        return ServerOptions.defaults().eventLoopHandlers(eventLoopHandlers)
                .limits(Limits.defaults().bodySize(ConformanceRows.BODY_LIMIT));
    }

    static void routes(Server server, Path files) {
        server.get("/*", c -> c.end("path " + c.path()));
        server.post("/echo", c -> c.end("got " + c.body().length()));
        server.post("/only-post", c -> c.end("posted"));
        server.router("static").staticFiles(StaticOptions.of(files));
        server.ws("ws", WSOptions.defaults().limit(ConformanceRows.WS_LIMIT), c -> c.onMessage(m -> {
            if (m.isText()) {
                c.send(m.text());
            } else {
                c.send(m.bytes());
            }
        }));
    }

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(root.resolve("a.txt"), "a file");
        eventLoop = Simples.server(options(true).port(0));
        handlerThreads = Simples.server(options(false).port(0));
        embedded = new Server(options(true));
        for (Server server : List.of(eventLoop, handlerThreads, embedded)) {
            routes(server, root);
        }
    }

    @AfterAll
    static void stop() {
        eventLoop.stop();
        handlerThreads.stop();
    }

    static List<Row> rows() {
        return ConformanceRows.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void on_an_embedded_channel(Row row) throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        new HttpPipeline(embedded.application(), options(true), null, new InFlight()).accept(channel);
        try (Wire wire = Wire.embedded(channel)) {
            check(row, wire);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void over_a_socket_with_event_loop_listeners(Row row) throws IOException {
        try (Wire wire = Wire.socket(eventLoop.port())) {
            check(row, wire);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void over_a_socket_with_handler_threads(Row row) throws IOException {
        try (Wire wire = Wire.socket(handlerThreads.port())) {
            check(row, wire);
        }
    }

    private static void check(Row row, Wire wire) throws IOException {
        wire.write(row.request().getBytes(StandardCharsets.ISO_8859_1));
        if (row.halfClose()) {
            wire.halfClose();
        }
        Seen seen = row.webSocket() ? webSocket(row, wire) : http(row, wire);
        assertEquals(row.expect().toString(), seen.outcome().toString(), seen.detail());
    }

    /** What the client saw, and the text of the answer to show when it is not what the row expects. */
    private record Seen(Expect outcome, String detail) {
        Seen(Expect outcome) {
            this(outcome, "");
        }
    }

    /** The status of the first answer, and whether a probe sent after the request was answered too. */
    private static Seen http(Row row, Wire wire) throws IOException {
        boolean probed = row.expect().open();
        if (probed) {
            try {
                wire.write(Wire.PROBE);
            } catch (IOException closed) {
                probed = false;
            }
        }
        Wire.Answer answer = wire.readToEnd();
        for (String never : NEVER) {
            assertFalse(answer.text().contains(never), answer.text());
        }
        boolean open = probed ? answer.text().endsWith("path /probe") : answer.open();
        return new Seen(new Expect(answer.status(), open, -1, -1), answer.text());
    }

    private static Seen webSocket(Row row, Wire wire) throws IOException {
        String head = RawWebSocket.readHead(wire.in());
        int status = new Wire.Answer(head, true).status();
        if (status != 101) {
            return http(row, wire);
        }
        for (byte[] frame : row.frames()) {
            wire.write(frame);
        }
        if (row.frames().isEmpty()) { // the handshake itself: it is open when it closes as asked
            wire.write(ConformanceRows.close(1000, ""));
            return new Seen(new Expect(101, Wire.closeCode(wire.readFrame()) == 1000, -1, -1));
        }
        RawWebSocket.Frame first = wire.readFrame();
        if (first == null || first.opcode() == 8) {
            wire.write(ConformanceRows.close(1000, "")); // a client answers a close with its own
            boolean open = wire.readToEnd().open();
            return new Seen(new Expect(-1, open, Wire.closeCode(first), -1), open ? "still open after the close" : "");
        }
        wire.write(ConformanceRows.close(1000, ""));
        RawWebSocket.Frame next;
        while ((next = wire.readFrame()) != null && next.opcode() != 8) {
            // frames still on their way before the close echo
        }
        return new Seen(new Expect(-1, Wire.closeCode(next) == 1000, -1, first.opcode()));
    }
}
