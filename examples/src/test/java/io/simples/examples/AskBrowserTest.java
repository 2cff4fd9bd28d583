package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import io.simples.http.Simples;
import io.simples.ws.WSConnection;
import io.simples.ws.WSOptions;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asks and answers between {@code simples.js} in Chromium and the server: the page asks and gets
 * the server's answer, the server asks and gets the page's, an ask nobody answers times out, and
 * one in flight when the connection drops is rejected.
 */
@Timeout(120)
class AskBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PAGE = "<!doctype html><meta charset=utf-8><script src=\"/simples.js\"></script>"
            + "<script>window.socket = simples.ws('/rpc', {advanced: true}); window.opened = false;"
            + " socket.on('open', () => { opened = true; });"
            + " socket.on('name', (data, answer) => answer('page, asked ' + data));</script>";

    @BeforeAll
    static void needsChromium() {
        Browser.requireOrSkip();
    }

    @Test
    void the_page_and_the_server_ask_each_other(@TempDir Path profile) throws Exception {
        BlockingQueue<WSConnection> opened = new LinkedBlockingQueue<>();
        Server server = Simples.server(0);
        server.clientScript("/simples.js");
        server.get("/", c -> c.type("html").end(PAGE));
        server.ws("rpc", WSOptions.defaults().advanced(true), connection -> {
            connection.onAsk("double", data -> ((Number) data).intValue() * 2);
            opened.add(connection);
        });
        try (TestApp app = SimplesTest.start(server, Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open(app.url("/"));
            page.waitFor("window.opened === true", WAIT);
            assertEquals(42, page.eval("socket.ask('double', 21, {timeout: 5000})").asInt());
            assertEquals("[2,4,6]", page.eval("Promise.all([1, 2, 3].map(n => socket.ask('double', n, {timeout: 5000})))"
                    + ".then(all => JSON.stringify(all))").asString(), "three asks of one event, each its own answer");

            WSConnection connection = opened.poll(10, TimeUnit.SECONDS);
            assertTrue(connection != null, "the page's socket opened");
            assertEquals("page, asked twice", connection.ask("name", "twice", Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));

            assertEquals("no answer to \"nobody\" within 200 ms",
                    page.eval("socket.ask('nobody', 1, {timeout: 200}).catch(e => e.message)").asString());
            page.eval("window.dropped = socket.ask('nobody', 1, {timeout: 30000}).catch(e => e.message); true");
            connection.close(1011, "going");
            assertEquals("the connection closed (1011) before \"nobody\" was answered", page.eval("window.dropped").asString());
        }
    }
}
