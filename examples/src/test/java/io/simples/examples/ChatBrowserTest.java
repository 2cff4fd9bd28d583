package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import io.simples.session.MemoryStore;
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

    @Test
    void two_people_chat_a_reload_keeps_the_login_and_logging_out_closes_the_door(@TempDir Path profile) throws Exception {
        Server server = Chat.start(0, new MemoryStore());
        String home = "http://127.0.0.1:" + server.port() + "/";
        try (Browser browser = Browser.launch(profile)) {
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
        } finally {
            server.stop();
        }
    }
}
