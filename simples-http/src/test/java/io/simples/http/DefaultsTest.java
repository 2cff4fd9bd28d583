package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.LoggerOptions;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every default the README states, checked twice: the value in the code, and the README's
 * sentence that states it ({@link #stated}). Changing a default, or the README's word for it,
 * breaks this test until the other follows.
 */
@Timeout(30)
class DefaultsTest {

    /** The README, its line breaks and indentation made single spaces. */
    private static final String README = readme();

    private static String readme() {
        try {
            return Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the README says {@code words} (whitespace as in the README doesn't matter). */
    private static void stated(String words) {
        assertTrue(README.contains(words.replaceAll("\\s+", " ")), "README.md no longer says: " + words);
    }

    @Test
    void server_options() {
        ServerOptions options = ServerOptions.defaults();
        assertEquals(80, options.portToBind());
        assertEquals(443, options.https(Https.pkcs12(Path.of("x.p12"), "x")).portToBind());
        assertNull(options.hostname());
        assertEquals(511, options.backlog());
        assertFalse(options.eventLoopHandlers());
        assertEquals(Duration.ofSeconds(10), options.gracePeriod());
        assertTrue(options.shutdownHook(), "a SIGTERM stops the server gracefully");
        stated("port 80 (443 with `https`), every interface, backlog 511, handler threads (not the event loop), stop grace period 10 s");
    }

    @Test
    void limits() {
        Limits limits = Limits.defaults();
        assertEquals(8192, limits.requestLine());
        assertEquals(8192, limits.headerSize());
        assertEquals(1 << 20, limits.bodySize());
        assertEquals(10L << 20, limits.uploadSize());
        assertEquals(128, limits.parts());
        assertEquals(64 * 1024, limits.fieldSize());
        assertEquals(Duration.ofSeconds(10), limits.headTimeout());
        assertEquals(Duration.ofSeconds(30), limits.bodyTimeout());
        assertEquals(Duration.ofSeconds(15), limits.idleTimeout());
        assertEquals(10_000, limits.connections());
        assertEquals(16, limits.pipelined());
        stated("request line 8 KiB (else 414), request head 8 KiB (else 431), body in memory 1 MiB (else 413), multipart body 10 MiB");
        stated("128 form fields or parts (else 413), 64 KiB per form field (else 413), 10 s for a request head to arrive");
        stated("30 s of silence inside a body (else 408), 15 s of idle time");
        stated("10 000 open connections per listener");
        stated("16 pipelined requests waiting");
    }

    @Test
    void router_options() {
        RouterOptions options = new Router(null, "").options();
        assertFalse(options.compression().enabled().test(null));
        assertEquals(6, options.compression().level());
        assertEquals("deflate", options.compression().preferred());
        assertEquals(1024, options.compression().minSize());
        assertFalse(options.cors().credentials());
        assertEquals(List.of(), options.cors().headers());
        assertEquals(List.of("DELETE", "GET", "HEAD", "POST", "PUT"), options.cors().methods());
        assertEquals(List.of(), options.cors().origins());
        assertFalse(options.logger().enabled().test(null));
        assertNull(options.logger().format());
        assertEquals("%short-date %time %method %href %status", LoggerOptions.HTTP_FORMAT);
        assertEquals("%short-date %time %protocol %href", LoggerOptions.WS_FORMAT);
        assertFalse(options.session().enabled().test(null));
        assertNull(options.session().store());
        assertEquals(Duration.ofHours(1), options.session().timeout());
        stated("Defaults: off, the server's own `MemoryStore`, one hour.");
        assertFalse(options.staticFiles().enabled().test(null));
        assertEquals(Path.of("public"), options.staticFiles().location());
        assertEquals("index.html", options.staticFiles().index());
        assertFalse(options.timeout().enabled().test(null));
        assertEquals(Duration.ofSeconds(5), options.timeout().value());
        stated("`staticFiles(StaticOptions.of(dir))` [off, `./public`, `index.html`]");
        stated("[off, level 6, `deflate` on ties, 1 KiB minimum]");
        stated("[same host only, no credentials, DELETE GET HEAD POST PUT, no extra headers]");
        stated("`Access-Control-Max-Age: 600`"); // and CorsTest sees 600 on a real preflight
        stated("`timeout(TimeoutOptions.of(duration))` [off; 5 s when on without a value]");
        stated("in the format `%short-date %time %method %href %status`");
    }

    @Test
    void websocket_options() {
        WSOptions options = WSOptions.defaults();
        assertFalse(options.advanced());
        assertEquals(1 << 20, options.limit());
        assertEquals(List.of(), options.origins());
        assertEquals(Duration.ofSeconds(30), options.timeout());
        assertEquals(List.of(), options.protocols());
        assertEquals(true, options.compression());
        stated("`WSOptions` (defaults): `advanced` (false: plain messages), `limit` (1 MiB, else close 1009");
        stated("`origins` (empty: the server's own host only");
        stated("`timeout` (30 s of silence");
        stated("`protocols` (subprotocols accepted, none), `compression` (permessage-deflate when offered, true)");
    }

    @Test
    void cookie_options() {
        CookieOptions options = CookieOptions.defaults();
        assertNull(options.maxAge());
        assertEquals("/", options.path());
        assertNull(options.domain());
        assertFalse(options.secure());
        assertEquals(true, options.httpOnly());
        assertEquals("Lax", options.sameSite());
        stated("The `_session` cookie (`Path=/; HttpOnly; SameSite=Lax`, `Max-Age` = the timeout");
    }
}
