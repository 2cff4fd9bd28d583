package io.simples.examples;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simples.http.Server;
import io.simples.session.MemoryStore;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original simpleS browser client (0.8.8, from npm: {@code .ci/run} fetches it and names it in
 * {@code SIMPLES_ORIGINAL_CLIENT}) against our chat, unchanged: its object mode is our advanced
 * mode, it ignores the ask numbers it does not know, and the answer it gets to a message it sent
 * is the next message of that event, as it always was.
 */
@Timeout(120)
class OriginalClientBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PAGE = "<!doctype html><meta charset=utf-8><script src=\"/original/simples.js\"></script>"
            + "<script>window.heard = []; const socket = simples.ws('/chat', {mode: 'object'});"
            + " socket.on('joined', d => heard.push('joined ' + d.room + ' as ' + d.name));"
            + " socket.on('message', d => heard.push('message ' + d.name + ': ' + d.text));"
            + " socket.on('say', d => heard.push('reply ' + JSON.stringify(d)));</script>";

    static Path original;

    @BeforeAll
    static void needsTheOriginalClient() {
        Browser.requireOrSkip();
        String path = System.getenv("SIMPLES_ORIGINAL_CLIENT");
        if (path == null || !Files.isReadable(Path.of(path))) {
            if ("1".equals(System.getenv("SIMPLES_REQUIRE_ORIGINAL_CLIENT"))) {
                fail("SIMPLES_REQUIRE_ORIGINAL_CLIENT=1 but SIMPLES_ORIGINAL_CLIENT names no readable file: " + path);
            }
            assumeTrue(false, "SIMPLES_ORIGINAL_CLIENT names no file (.ci/run fetches simples@0.8.8 from npm)");
        }
        original = Path.of(path);
    }

    @Test
    void the_original_client_chats_and_gets_its_reply_the_old_way(@TempDir Path profile) throws Exception {
        Server server = Chat.start(0, new MemoryStore());
        String script = Files.readString(original);
        server.get("/original/simples.js", c -> c.type("js").end(script));
        server.get("/original", c -> c.type("html").end(PAGE));
        try (TestApp app = SimplesTest.start(server, Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open(app.url("/"));
            ChatBrowserTest.logIn(page, "ada"); // the login form sets the session cookie the socket goes with
            page.eval("location.href = '/original'; true");
            page.waitFor("window.heard && heard.includes('joined lobby as ada')", WAIT);
            page.eval("socket.send('say', 'hello from simpleS 0.8'); true");
            page.waitFor("heard.includes('message ada: hello from simpleS 0.8')", WAIT);
            page.waitFor("heard.includes('reply {\"delivered\":true}')", WAIT);
        }
    }
}
