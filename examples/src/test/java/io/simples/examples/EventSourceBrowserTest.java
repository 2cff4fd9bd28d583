package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.http.Server;
import io.simples.http.Simples;
import io.simples.session.MemoryStore;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-Sent Events in a real browser's {@code EventSource}: a stream the server ends is opened
 * again by the browser itself, with {@code Last-Event-ID}, and the listener resumes from it; the
 * chat's read-only room view follows a room and closes for good when its user logs out. Needs
 * Debian's chromium, as {@link ChatBrowserTest} does.
 */
@Timeout(180)
class EventSourceBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PAGE = "<!doctype html><meta charset=utf-8><script>window.got = [];"
            + " const source = new EventSource('/numbers');"
            + " source.addEventListener('n', e => got.push(e.data + '@' + e.lastEventId));</script>";

    @BeforeAll
    static void needsChromium() {
        Browser.requireOrSkip();
    }

    @Test
    void the_browser_reopens_an_ended_stream_with_the_last_event_id_and_the_listener_resumes(@TempDir Path profile)
            throws Exception {
        List<String> resumedFrom = new CopyOnWriteArrayList<>();
        Server server = Simples.server(0);
        server.get("/", c -> c.type("html").end(PAGE));
        server.events("/numbers", stream -> {
            String last = stream.lastEventId();
            resumedFrom.add(String.valueOf(last));
            int from = last == null ? 0 : Integer.parseInt(last) + 1;
            if (from >= 9) {
                stream.connection().status(204).end(); // 204: the browser stops reconnecting
                return;
            }
            stream.retry(Duration.ofMillis(100));
            for (int n = from; n < from + 3; n++) {
                stream.send("n", "number " + n, Integer.toString(n));
            }
            stream.close(); // three at a time: the browser comes back for the rest
        });
        try (TestApp app = SimplesTest.start(server, Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open(app.url("/"));
            page.waitFor("window.got && got.length === 9", WAIT);
            page.waitFor("source.readyState === EventSource.CLOSED", WAIT);
            StringBuilder expected = new StringBuilder("[");
            for (int n = 0; n < 9; n++) {
                expected.append(n == 0 ? "" : ",").append("\"number ").append(n).append('@').append(n).append('"');
            }
            assertEquals(expected.append(']').toString(), page.eval("JSON.stringify(got)").asString(),
                    "every number once, in order");
            assertEquals(List.of("null", "2", "5", "8"), resumedFrom);
        }
    }

    @Test
    void the_chat_room_view_follows_the_room_and_closes_when_its_user_logs_out(@TempDir Path profile) throws Exception {
        try (TestApp app = SimplesTest.start(Chat.start(0, new MemoryStore()), Transport.SOCKET);
             Browser browser = Browser.launch(profile)) {
            String home = app.url("/");
            Browser.Page ada = browser.open(home);
            Browser.Page bob = browser.open(home);
            ChatBrowserTest.logIn(ada, "ada");
            ChatBrowserTest.logIn(bob, "bob");
            ada.eval("location.href = '/rooms/lobby'; true");
            ada.waitFor("document.getElementById('state') !== null"
                    + " && document.getElementById('state').textContent === 'live, as ada'", WAIT);

            bob.eval("document.getElementById('text').value = 'seen by watchers';"
                    + " document.getElementById('send').click(); true");
            ada.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'bob: seen by watchers')",
                    WAIT);

            ada.eval("fetch('/logout', {method: 'POST', redirect: 'manual'}); true");
            ada.waitFor("source.readyState === EventSource.CLOSED"
                    + " && document.getElementById('state').textContent === 'closed (log in at /)'", WAIT);
        }
    }
}
