package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Https;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.session.MemoryStore;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat example in a real browser: two people log in, one's message reaches the other with
 * the name taken from the server-side session, a reload keeps the login, and after logging out
 * the WebSocket refuses the user. Needs Debian's chromium ({@code .ci/run} installs it); without
 * it the test is skipped unless {@code SIMPLES_REQUIRE_BROWSER=1}.
 */
@Timeout(180)
class ChatBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsChromium() {
        Browser.requireOrSkip();
    }

    static void logIn(Browser.Page page, String name) throws Exception {
        page.waitFor("document.getElementById('name') !== null", WAIT);
        page.eval("document.getElementById('name').value = '" + name + "';"
                + " document.getElementById('login').submit(); true");
        page.waitFor("document.getElementById('status') !== null"
                + " && document.getElementById('status').textContent === 'connected'"
                + " && document.getElementById('who').textContent === 'as " + name + "'", WAIT);
    }

    /**
     * Over HTTPS the browser loads the pages over HTTP/2 (ALPN chose h2) while the chat's WebSocket
     * goes over HTTP/1.1, and both share the one session: the name the form put in it is the name
     * the socket speaks with.
     */
    @Test
    void over_https_the_pages_come_by_http2_and_the_websocket_shares_their_session(@TempDir Path profile) throws Exception {
        Path keys = profile.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        Server server = Chat.start(ServerOptions.defaults().port(0).https(Https.pkcs12(keys, "changeit")), new MemoryStore());
        try (TestApp app = SimplesTest.start(server, Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(profile.resolve("profile"), "--ignore-certificate-errors")) {
            Browser.Page ada = browser.open("https://localhost:" + app.server().port() + "/");
            logIn(ada, "ada");
            assertEquals("h2", ada.eval("performance.getEntriesByType('navigation')[0].nextHopProtocol").asString(),
                    "the page came over HTTP/2");
            ada.eval("document.getElementById('text').value = 'over two protocols';"
                    + " document.getElementById('send').click(); true");
            ada.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'ada: over two protocols')",
                    WAIT);
        }
    }

    @Test
    void two_people_chat_a_reload_keeps_the_login_and_logging_out_closes_the_door(@TempDir Path profile) throws Exception {
        try (TestApp app = SimplesTest.start(Chat.start(0, new MemoryStore()), Transport.SOCKET);
             Browser browser = Browser.launch(profile)) {
            String home = "http://127.0.0.1:" + app.server().port() + "/";
            Browser.Page ada = browser.open(home);
            Browser.Page bob = browser.open(home);
            logIn(ada, "ada");
            logIn(bob, "bob");

            ada.eval("document.getElementById('text').value = 'hello from ada';"
                    + " document.getElementById('send').click(); true");
            String adaSaid = "[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'ada: hello from ada')";
            bob.waitFor(adaSaid, WAIT);
            ada.waitFor(adaSaid, WAIT);

            // the name is the server's: a client claiming another name in its message changes nothing
            bob.eval("document.getElementById('text').value = 'I am ada';"
                    + " document.getElementById('send').click(); true");
            ada.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'bob: I am ada')", WAIT);

            // a mark the reloaded page no longer has: without it, the old page (still showing until the
            // reload starts) satisfies the wait, and the logout click below races the reload (CI lost it once)
            ada.eval("window.beforeReload = true; location.reload(); true");
            ada.waitFor("window.beforeReload === undefined && document.getElementById('who') !== null"
                    + " && document.getElementById('who').textContent === 'as ada'"
                    + " && document.getElementById('status').textContent === 'connected'", WAIT);

            ada.eval("document.getElementById('logout').click(); true");
            ada.waitFor("document.getElementById('name') !== null", WAIT);
            var code = ada.eval("new Promise(done => { const s = new WebSocket('ws://' + location.host + '/chat');"
                    + " s.onclose = event => done(event.code + ' ' + event.reason); })");
            assertEquals("1008 log in first", code.asString());
            assertTrue(bob.eval("document.getElementById('status').textContent").asString().equals("connected"),
                    "bob is still in");
        }
    }
}
