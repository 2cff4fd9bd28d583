package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.simples.http.Http2Wire.Frame;
import io.simples.session.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An HTTP/2 connection's life and its limits, frame by frame on a raw socket ({@link Http2Wire}):
 * the idle limit, the limit of open streams, a graceful stop's GOAWAY, and the known attacks, each
 * while another client is answered: rapid reset (CVE-2023-44487), a CONTINUATION flood, an HPACK
 * bomb, SETTINGS and PING floods whose answers are never read, a WINDOW_UPDATE past the largest
 * window, and a reader that never opens its window on a large file.
 */
@Timeout(60)
class Http2ConnectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** The most an attack may leave the server holding: below what each attack sends (10 MB and more), above the noise. */
    private static final long HELD = 8L * 1024 * 1024;

    private static TestServer h2c(Limits limits) {
        TestServer test = new TestServer(ServerOptions.defaults().limits(limits).http2(Http2Options.defaults().cleartext(true)));
        test.server.get("/", c -> c.end("hello"));
        test.server.post("/wait", c -> c.end(c.body().text()));
        return test;
    }

    private static boolean refuses(int port) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static int errorCode(Frame frame) {
        ByteBuffer payload = ByteBuffer.wrap(frame.payload());
        return frame.type() == Http2Wire.GOAWAY ? payload.getInt(4) : payload.getInt(0);
    }

    @Test
    void a_connection_without_streams_closes_after_the_idle_limit_with_goaway() throws Exception {
        try (TestServer test = h2c(Limits.defaults().idleTimeout(Duration.ofSeconds(1)));
             Http2Wire wire = new Http2Wire(test.server.port())) {
            wire.headers(1, "GET", "/", true);
            Frame body = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(body, "no answer");
            assertEquals("hello", body.text());
            Frame goAway = wire.until(Http2Wire.GOAWAY, 0, PATIENCE);
            assertNotNull(goAway, "no GOAWAY after the idle limit");
            assertEquals(0, errorCode(goAway), "NO_ERROR");
            assertNull(wire.until(Http2Wire.DATA, -1, PATIENCE), "and then the connection closes");
        }
    }

    @Test
    void a_stream_past_the_concurrency_limit_is_refused_and_the_others_are_answered() throws Exception {
        try (TestServer test = new TestServer(ServerOptions.defaults()
                .http2(Http2Options.defaults().cleartext(true).maxConcurrentStreams(3)));
             Http2Wire wire = new Http2Wire(test.server.port())) {
            test.server.post("/wait", c -> c.end(c.body().text()));
            wire.until(Http2Wire.SETTINGS, 0, PATIENCE); // the server's limit is known before the streams open
            for (int stream = 1; stream <= 7; stream += 2) { // four streams, bodies still to come
                wire.headers(stream, "POST", "/wait", false);
            }
            Frame refused = wire.until(Http2Wire.RST_STREAM, 7, PATIENCE);
            assertNotNull(refused, "the fourth stream was not refused");
            assertEquals(7, errorCode(refused), "REFUSED_STREAM");
            wire.data(1, "one".getBytes(), true);
            Frame answer = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(answer);
            assertEquals("one", answer.text());
        }
    }

    @Test
    void a_rapid_reset_flood_is_cut_off_while_another_client_is_answered() throws Exception {
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            long before = held();
            HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Frame goAway = null;
            for (int stream = 1; stream < 2 * 1000 && goAway == null; stream += 2) {
                wire.headers(stream, "GET", "/", false);
                wire.frame(Http2Wire.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8}); // CANCEL, at once
                if (stream % 100 == 1) {
                    HttpResponse<String> meanwhile = other.send(HttpRequest.newBuilder(test.uri("/")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals("hello", meanwhile.body(), "another client during the flood");
                }
                if (stream > 2 * 200) { // past the guard's count: the server has said GOAWAY
                    goAway = wire.until(Http2Wire.GOAWAY, 0, Duration.ofMillis(50));
                }
            }
            assertNotNull(goAway, "the flood was never cut off");
            assertEquals(11, errorCode(goAway), "ENHANCE_YOUR_CALM");
            heldBelow(before, "rapid reset");
            HttpResponse<String> after = other.send(HttpRequest.newBuilder(test.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hello", after.body(), "the server goes on");
        }
    }

    /** Answers on another connection while {@code attack} runs on this one: the server is never held. */
    private static void answeredMeanwhile(TestServer test) throws Exception {
        HttpResponse<String> meanwhile = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(test.uri("/")).timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", meanwhile.body(), "another client during the attack");
    }

    /** How the connection ends: a GOAWAY (its code), a close without one (-1); silence fails the test. */
    private static int ending(Http2Wire wire) throws Exception {
        for (Frame frame = wire.next(PATIENCE); frame != null; frame = wire.next(PATIENCE)) {
            if (frame.type() == Http2Wire.GOAWAY) {
                return errorCode(frame);
            }
        }
        assertTrue(!wire.silent, "the connection is still open, silent");
        return -1;
    }

    @Test
    void a_header_block_begun_after_an_upgrade_must_end_within_the_head_timeout() throws Exception {
        try (TestServer test = h2c(Limits.defaults().headTimeout(Duration.ofSeconds(1)));
             Http2Wire wire = Http2Wire.bare(test.server.port())) {
            wire.write(("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: \r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = wire.http1Head(PATIENCE);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            wire.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            wire.frame(Http2Wire.SETTINGS, 0, 0, new byte[0]);
            long start = System.nanoTime();
            wire.frame(Http2Wire.HEADERS, 0, 3, Http2Wire.requestHeaders("GET", "/")); // no END_HEADERS, never continued
            assertNotNull(wire.until(Http2Wire.GOAWAY, 0, Duration.ofSeconds(10)), "no GOAWAY");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited < 5000, "cut off after " + waited + " ms");
        }
    }

    @Test
    void a_header_block_that_never_ends_is_cut_off() throws Exception {
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            long before = held();
            wire.frame(Http2Wire.HEADERS, 0, 1, Http2Wire.requestHeaders("GET", "/")); // no END_HEADERS
            byte[] filler = new byte[1000];
            java.util.Arrays.fill(filler, (byte) 0x20);
            try { // a CONTINUATION flood: 10 MB of a header block that never ends
                wire.flood(Http2Wire.CONTINUATION, 0, 1, filler, 10_000);
            } catch (java.io.IOException closed) {
                // the server stopped reading and closed: what the test wants
            }
            answeredMeanwhile(test);
            heldBelow(before, "CONTINUATION flood");
            int code = ending(wire);
            assertTrue(code == 1 || code == -1, "a PROTOCOL_ERROR or a close, got " + code);
        }
    }

    @Test
    void an_hpack_bomb_is_refused_by_the_header_list_limit() throws Exception {
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            long before = held();
            java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
            block.writeBytes(Http2Wire.requestHeaders("GET", "/"));
            byte[] big = new byte[4000];
            java.util.Arrays.fill(big, (byte) 'a');
            block.write(0x40); // literal with incremental indexing, new name "x-bomb"
            block.write(6);
            block.writeBytes("x-bomb".getBytes());
            block.write(0x7f); // value length 4000 as a 7-bit prefixed integer: 127 + 3873
            int rest = 4000 - 127;
            while (rest >= 128) {
                block.write((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            block.write(rest);
            block.writeBytes(big);
            for (int i = 0; i < 2000; i++) {
                block.write(0xbe); // the new table entry (index 62) again: 4 KB decoded per byte sent
            }
            wire.frame(Http2Wire.HEADERS, Http2Wire.END_HEADERS | Http2Wire.END_STREAM, 1, block.toByteArray());
            Frame answer = wire.until(Http2Wire.HEADERS, 1, PATIENCE);
            assertNotNull(answer, "no answer to 8 MB of decoded headers");
            assertTrue(answer.endsStream() && new String(answer.payload(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("431"),
                    "a 431 (Request Header Fields Too Large) ends the stream");
            answeredMeanwhile(test);
            heldBelow(before, "HPACK bomb");
        }
    }

    @Test
    void settings_and_ping_floods_whose_answers_are_never_read_are_cut_off() throws Exception {
        for (int type : new int[] {Http2Wire.SETTINGS, Http2Wire.PING}) {
            try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
                long before = held();
                byte[] payload = type == Http2Wire.PING ? new byte[8] : new byte[0];
                try { // each asks for an answer the client never reads
                    wire.flood(type, 0, 0, payload, 2_000_000);
                } catch (java.io.IOException closed) {
                    // the server closed the connection: what the test wants
                }
                answeredMeanwhile(test);
                int code = ending(wire);
                assertTrue(code == 11 || code == -1, (type == Http2Wire.PING ? "PING" : "SETTINGS")
                        + " flood: ENHANCE_YOUR_CALM or a close, got " + code);
                // after the cut-off: while the flood is on, the answers waiting for the client are bounded by Netty's
                // limit of 10 000 queued control frames; taken then, the figure went from 3 to 80 MB between runs (the
                // paranoid leak detector of the test run keeps a record of every buffer), too noisy to assert on
                heldBelowOnceReleased(before, type == Http2Wire.PING ? "PING flood" : "SETTINGS flood");
            }
        }
    }

    @Test
    void a_window_update_past_the_largest_window_is_a_flow_control_error() throws Exception {
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            long before = held();
            wire.frame(Http2Wire.WINDOW_UPDATE, 0, 0, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // 65 535 + 2^31 - 1
            assertEquals(3, ending(wire), "GOAWAY with FLOW_CONTROL_ERROR");
            answeredMeanwhile(test);
            heldBelow(before, "WINDOW_UPDATE overflow");
        }
    }

    @Test
    void a_reader_that_never_opens_its_window_holds_its_stream_not_the_heap() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("simples-h2", ".bin");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(256L * 1024 * 1024); // 256 MiB
        }
        try (TestServer test = h2c(Limits.defaults()); Http2Wire wire = new Http2Wire(test.server.port())) {
            test.server.get("/big", c -> c.drain(file));
            long before = held();
            wire.headers(1, "GET", "/big", true);
            Frame head = wire.until(Http2Wire.HEADERS, 1, PATIENCE);
            assertNotNull(head, "no answer");
            // the client reads nothing more and opens no window: 65 535 bytes may come, the rest waits on disk
            answeredMeanwhile(test);
            long grown = held() - before;
            wire.close();
            long start = System.nanoTime();
            test.server.stop();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < ServerOptions.defaults().gracePeriod().toMillis() / 2,
                    "the stop waited " + took + " ms for a stream whose client had gone");
            assertTrue(grown < 64L * 1024 * 1024, "the heap grew by " + grown + " bytes for a 256 MiB file nobody reads");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * What the server holds: the heap in use after a collection, plus the direct memory Netty's
     * allocator has taken (where frames waiting to be written or read would sit).
     */
    private static long held() {
        Runtime runtime = Runtime.getRuntime();
        long heap = Long.MAX_VALUE;
        for (int collections = 0; collections < 5; collections++) { // one collection may leave what the last one freed uncounted
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            if (used > heap - 1024 * 1024) {
                heap = Math.min(heap, used);
                break;
            }
            heap = used;
        }
        long direct = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metered
                ? metered.metric().usedDirectMemory() : 0;
        return heap + direct;
    }

    /** Fails when the server holds {@link #HELD} or more than it did {@code before} the attack, while the attack is on. */
    private static void heldBelow(long before, String attack) {
        long grown = held() - before;
        assertTrue(grown < HELD, attack + ": the server holds " + grown / 1024 + " KiB more than before it");
    }

    /**
     * Fails unless the server comes to hold less than {@link #HELD} more than it did {@code before} within
     * {@link #PATIENCE}: a connection cut off is closed first and its queued frames released after, on the
     * server's event loop, so the client can see the reset while up to 10 000 answers (24 MB with the leak
     * detector's records) are still held.
     */
    private static void heldBelowOnceReleased(long before, String attack) {
        long[] grown = {Long.MAX_VALUE};
        try {
            Await.until(attack + ": the server's memory back below the bound", PATIENCE, () -> {
                grown[0] = held() - before;
                return grown[0] < HELD;
            });
        } catch (AssertionError held) {
            throw new AssertionError(attack + ": the server holds " + grown[0] / 1024 + " KiB more than before it", held);
        }
    }

    @Test
    void a_graceful_stop_says_goaway_at_once_and_finishes_the_stream_in_flight() throws Exception {
        TestServer test = h2c(Limits.defaults());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        test.server.get("/slow", c -> {
            started.countDown();
            release.await();
            c.end("finished");
        });
        try (Http2Wire wire = new Http2Wire(test.server.port())) {
            wire.headers(1, "GET", "/slow", true);
            assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
            Thread stopping = new Thread(test::close);
            stopping.start();
            int port = test.server.port();
            Await.until("the stop under way: no new connections", PATIENCE, () -> refuses(port));
            Frame goAway = wire.until(Http2Wire.GOAWAY, 0, PATIENCE);
            assertNotNull(goAway, "no GOAWAY while the stream was still in flight");
            assertEquals(0, errorCode(goAway), "NO_ERROR");
            assertEquals(1, ByteBuffer.wrap(goAway.payload()).getInt(0) & 0x7fffffff, "the last stream it will answer: 1");
            release.countDown();
            Frame answer = wire.until(Http2Wire.DATA, 1, PATIENCE);
            assertNotNull(answer, "the stream in flight was not finished");
            assertEquals("finished", answer.text());
            stopping.join(10_000);
        }
    }
}
