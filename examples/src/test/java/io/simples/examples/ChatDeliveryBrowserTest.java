package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * What the chat's sender sees in a real browser: a "delivered" mark once the server answered the
 * message's ask, a long unbroken word that wraps inside the message box, and a message past the
 * server's limit (closed with 1009) explained on the page, which then reconnects by itself.
 */
@Timeout(120)
class ChatDeliveryBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsChromium() {
        Browser.requireOrSkip();
    }

    static void say(Browser.Page page, String expression) throws Exception {
        page.eval("document.getElementById('text').value = " + expression + ";"
                + " document.getElementById('send').click(); true");
    }

    @Test
    void the_sender_sees_delivered_marks_long_words_wrap_and_a_message_too_long_is_explained(@TempDir Path profile)
            throws Exception {
        try (TestApp app = SimplesTest.start(Chat.start(0, new MemoryStore()), Transport.SOCKET);
             Browser browser = Browser.launch(profile)) {
            Browser.Page ada = browser.open(app.url("/"));
            Browser.Page bob = browser.open(app.url("/"));
            ChatBrowserTest.logIn(ada, "ada");
            ChatBrowserTest.logIn(bob, "bob");

            say(ada, "'first'");
            ada.waitFor("[...document.querySelectorAll('#messages li.mine.delivered')].some(li => li.textContent === 'ada: first')",
                    WAIT);
            bob.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'ada: first')", WAIT);
            assertTrue(bob.eval("document.querySelectorAll('#messages li.delivered').length === 0").asBoolean(),
                    "marks are the sender's only");

            say(ada, "'x'.repeat(3000)");
            ada.waitFor("document.querySelectorAll('#messages li.mine.delivered').length === 2", WAIT);
            assertTrue(ada.eval("(() => { const box = document.getElementById('messages');"
                    + " return box.scrollWidth <= box.clientWidth; })()").asBoolean(), "the long word wraps in the box");

            say(ada, "'y'.repeat(" + (Chat.LIMIT + 1) + ")");
            ada.waitFor("[...document.querySelectorAll('#messages li.notice')].some(li => li.textContent.includes('too long'))",
                    WAIT);
            ada.waitFor("document.getElementById('status').textContent === 'connected'", WAIT);
            say(ada, "'after'");
            bob.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'ada: after')", WAIT);
        }
    }
}
