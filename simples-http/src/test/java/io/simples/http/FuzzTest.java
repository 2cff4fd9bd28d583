package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.simples.http.FuzzCases.Case;
import io.simples.http.FuzzCases.Kind;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 10 000 seeded inputs (see {@link FuzzCases}; {@code -Dsimples.fuzz.seed=N} replays another
 * seed) against live servers in both execution modes. Each case is written on its own
 * connection, which the client then half-closes, so that the server must answer what it can and
 * end the connection. After each case a kept-alive connection asks {@code GET /}. What must
 * hold: an invalid message never gets a 2xx, a request inside a body is never answered, the
 * server always ends the connection, answers {@code GET /} after every case, and logs no error
 * and no leaked buffer.
 */
@Timeout(600)
class FuzzTest {

    static final int CASES = 10_000;
    private static final byte[] CHECK = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path root;

    @Test
    void hostile_and_broken_input_never_gets_a_success_a_hidden_request_or_an_error() throws IOException {
        Files.writeString(root.resolve("a.txt"), "a file");
        long seed = Long.getLong("simples.fuzz.seed", 20261201L);
        List<Case> cases = new FuzzCases(seed).make(CASES);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.addAppender(log);
        Server eventLoop = Simples.server(ConformanceTest.options(true).port(0));
        Server handlerThreads = Simples.server(ConformanceTest.options(false).port(0));
        try {
            for (Server server : List.of(eventLoop, handlerThreads)) {
                ConformanceTest.routes(server, root);
                run(server, cases, seed);
            }
            leakCheck(eventLoop);
        } finally {
            eventLoop.stop();
            handlerThreads.stop();
            rootLogger.detachAppender(log);
        }
        List<String> problems = log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
                .toList();
        assertEquals(List.of(), problems, "warnings, errors or leak reports while fuzzing (seed " + seed + ")");
    }

    private static void run(Server server, List<Case> cases, long seed) throws IOException {
        String mode = server.serverOptions().eventLoopHandlers() ? "event loop" : "handler threads";
        try (Socket check = new Socket("127.0.0.1", server.port())) {
            check.setSoTimeout(10_000);
            for (Case fuzz : cases) {
                String context = mode + ", seed " + seed + ", " + fuzz;
                String answer = send(server.port(), fuzz, context);
                if (fuzz.kind() == Kind.GARBAGE || fuzz.kind() == Kind.INVALID) {
                    assertFalse(answer.contains("HTTP/1.1 2"), "a success for an invalid message: " + answer + "\n" + context);
                }
                if (fuzz.kind() == Kind.INVALID || fuzz.kind() == Kind.VALID) {
                    assertFalse(answer.contains("path /smuggled"), "the request hidden in a body was answered\n" + context);
                }
                if (fuzz.kind() == Kind.VALID) {
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer + "\n" + context);
                }
                check.getOutputStream().write(CHECK);
                String ok = ConnectionLimitsTest.readResponse(check.getInputStream());
                assertTrue(ok.startsWith("HTTP/1.1 200") && ok.endsWith("path /"), "GET / after " + context + ": " + ok);
            }
        }
    }

    /** Writes the case, half-closes, and reads until the server ends the connection. */
    private static String send(int port, Case fuzz, String context) throws IOException {
        try (Wire wire = Wire.socket(port)) {
            try {
                wire.write(fuzz.bytes());
                wire.halfClose();
            } catch (IOException closedEarly) {
                // the server refused and closed before everything was written
            }
            Wire.Answer answer = wire.readToEnd();
            assertFalse(answer.open(), "the server neither closed nor finished within 5 s: " + answer.text() + "\n" + context);
            return answer.text();
        }
    }

    /** Buffers leaked by the cases are reported when the collector has found them and Netty next tracks a buffer. */
    private static void leakCheck(Server server) throws IOException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                for (int i = 0; i < 20; i++) {
                    socket.getOutputStream().write(CHECK);
                    ConnectionLimitsTest.readResponse(socket.getInputStream());
                }
            }
        }
    }
}
