package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import io.simples.http.Simples;
import io.simples.ws.WSConnection;
import io.simples.ws.WSOptions;
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
 * {@code simples.js} in a real browser: advanced events and replies, a page that stays open while
 * its server restarts (it reconnects by itself and sends what was sent meanwhile), and a 1008
 * close (a logout) after which it stays closed.
 */
@Timeout(180)
class ClientScriptBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAGE = "<!doctype html><meta charset=utf-8><script src=\"/simples.js\"></script>"
            + "<script>window.heard = []; window.states = [];"
            + " window.socket = simples.ws('/events', {advanced: true});"
            + " ['open', 'close', 'reconnecting'].forEach(e => socket.on(e, code => states.push(e + (e === 'close' ? ' ' + code : ''))));"
            + " socket.on('news', data => heard.push('news ' + data));</script>";

    @BeforeAll
    static void needsChromium() {
        Browser.requireOrSkip();
    }

    static Server serve(int port, BlockingQueue<String> serverHeard) {
        Server server = Simples.server(ServerOptions.defaults().port(port).gracePeriod(Duration.ofSeconds(1)));
        server.clientScript("/simples.js");
        server.get("/", c -> c.type("html").end(PAGE));
        server.ws("events", WSOptions.defaults().advanced(true), (WSConnection connection) -> {
            connection.send("news", "welcome");
            connection.on("echo", data -> connection.send("echo", "echoed " + data));
            connection.on("note", data -> serverHeard.add("note " + data));
            connection.on("leave", data -> connection.close(1008, "logged out"));
        });
        return server;
    }

    @Test
    void events_replies_a_server_restart_and_a_logout(@TempDir Path profile) throws Exception {
        BlockingQueue<String> serverHeard = new LinkedBlockingQueue<>();
        TestApp app = SimplesTest.start(serve(0, serverHeard), Transport.SOCKET); // a browser needs a port
        int port = app.server().port();
        try (Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open("http://127.0.0.1:" + port + "/");
            page.waitFor("window.heard && heard.includes('news welcome') && states[0] === 'open'", WAIT);
            page.eval("socket.send('echo', 'hi', reply => heard.push('reply ' + reply)); true");
            page.waitFor("heard.includes('reply echoed hi')", WAIT);

            app.close(); // the page stays; its socket drops
            page.waitFor("states.includes('reconnecting')", WAIT);
            page.eval("socket.send('note', 'sent while the server was down'); true");
            app = SimplesTest.start(serve(port, serverHeard), Transport.SOCKET); // the same port
            page.waitFor("states.filter(s => s === 'open').length === 2", WAIT);
            assertEquals("note sent while the server was down", serverHeard.poll(30, TimeUnit.SECONDS));
            page.waitFor("heard.filter(h => h === 'news welcome').length === 2", WAIT);

            page.eval("socket.send('leave', null); true");
            page.waitFor("states.includes('close 1008')", WAIT);
            String after = page.eval("JSON.stringify({closed: socket.closed, states: states.slice(-1)})").asString();
            assertEquals("{\"closed\":true,\"states\":[\"close 1008\"]}", after, "no reconnection after 1008");
            assertTrue(!page.eval("socket.send('note', 'after')").asBoolean(true), "send refuses on a closed socket");
        } finally {
            app.close();
        }
    }
}
