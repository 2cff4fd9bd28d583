package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.LoggerOptions;
import io.simples.http.internal.Cors;
import io.simples.ws.WSOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every default the README states, one assertion each: changing a default breaks this test, and
 * then the README must change with it.
 */
class DefaultsTest {

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
        assertFalse(options.staticFiles().enabled().test(null));
        assertEquals(Path.of("public"), options.staticFiles().location());
        assertEquals("index.html", options.staticFiles().index());
        assertFalse(options.timeout().enabled().test(null));
        assertEquals(Duration.ofSeconds(5), options.timeout().value());
        assertEquals(600, Cors.MAX_AGE);
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
    }
}
