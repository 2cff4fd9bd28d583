package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a listener holds for a client: idle connections, how many connections, how many requests waiting. */
@Timeout(60)
class ConnectionLimitsTest {

    private static final byte[] REQUEST = "GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static TestServer server(Limits limits) {
        return ProtocolTest.echo(ServerOptions.defaults().limits(limits));
    }

    @Test
    void a_connection_that_never_sends_a_byte_is_closed_after_the_idle_timeout() throws IOException {
        try (TestServer test = server(Limits.defaults().idleTimeout(Duration.ofSeconds(1)));
             Socket silent = new Socket("127.0.0.1", test.server.port())) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "closed without a word");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 800 && waited < 5000, waited + " ms");
        }
    }

    @Test
    void a_keep_alive_connection_lives_while_requests_come_and_closes_once_they_stop() throws IOException, InterruptedException {
        try (TestServer test = server(Limits.defaults().idleTimeout(Duration.ofSeconds(1)));
             Socket client = new Socket("127.0.0.1", test.server.port())) {
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            for (int i = 0; i < 6; i++) { // three idle timeouts' worth of a client that asks twice a second
                client.getOutputStream().write(REQUEST);
                assertTrue(readResponse(in).endsWith("path /x"), "request " + i);
                Thread.sleep(500); // the client's own pace, below the timeout
            }
            // a listener slower than the idle timeout is not cut off: the clock only runs between requests
            client.getOutputStream().write("GET /slow?sleep=1500 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readResponse(in).endsWith("path /slow"));
            long start = System.nanoTime();
            assertEquals(-1, in.read(), "closed once the client stopped asking");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 800 && waited < 5000, waited + " ms");
        }
    }

    /**
     * A client refused in the middle of a large body is still sending it: were the socket closed at
     * once, with that body unread, the kernel would answer with a reset, and the client would lose
     * the 413 (CI met it with the JDK's client on an upload past the limit). The server shuts its
     * side and reads the rest for a while instead.
     */
    @Test
    void a_client_that_keeps_sending_past_the_limit_still_reads_the_413() throws IOException {
        try (TestServer test = server(Limits.defaults().bodySize(64 * 1024));
             Socket client = new Socket("127.0.0.1", test.server.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 64; i++) { // 4 MiB past a limit of 64 KiB, while the refusal is on its way
                client.getOutputStream().write(chunk);
            }
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
    }

    @Test
    void connections_past_the_limit_are_closed_at_once_and_counted() throws IOException {
        try (TestServer test = server(Limits.defaults().connections(3))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket socket = new Socket("127.0.0.1", test.server.port());
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(REQUEST);
                    assertTrue(readResponse(socket.getInputStream()).endsWith("path /x"));
                    held.add(socket);
                }
                try (Socket fourth = new Socket("127.0.0.1", test.server.port())) {
                    fourth.setSoTimeout(10_000);
                    assertEquals(-1, readOrEnd(fourth), "the fourth is closed at once");
                }
                assertEquals(1, test.server.refusedConnections());
                held.remove(0).close();
                awaitAccepting(test);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void a_client_that_pipelines_past_the_bound_gets_those_waiting_answered_then_a_close() {
        try (TestServer test = server(Limits.defaults().pipelined(4))) {
            // the first is answered slowly, so all the others arrive while it is
            String requests = "GET /first?sleep=300 HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /p HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20);
            String answer = test.raw(requests, Duration.ofSeconds(10));
            Matcher statuses = Pattern.compile("HTTP/1\\.1 200").matcher(answer);
            int answered = 0;
            while (statuses.find()) {
                answered++;
            }
            assertEquals(5, answered, "the one answered and the four waiting: " + answer);
            assertTrue(answer.endsWith("path /p") && answer.contains("connection: close"), answer);
        }
    }

    /** After one held connection closed, a new one is taken again (the server notices the close on its own time). */
    private static void awaitAccepting(TestServer test) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", test.server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(REQUEST);
                String answer = readResponse(socket.getInputStream());
                if (answer.endsWith("path /x")) {
                    return;
                }
            } catch (IOException refused) {
                // still at the limit: the close of the held one is on its way
            }
        }
        throw new AssertionError("no connection was taken after one closed");
    }

    private static int readOrEnd(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException reset) {
            return -1;
        }
    }

    /** Reads one response whose body length is given by Content-Length. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        int size = length.find() ? Integer.parseInt(length.group(1)) : 0;
        byte[] body = in.readNBytes(size);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
