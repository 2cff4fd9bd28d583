package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.Cluster;
import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.Simples;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost across a reconnect, in a real browser: the chat's page is connected to server A;
 * A stops under it (the page sees its socket close and keeps reconnecting); meanwhile a user on
 * server B says five things in the room; A comes back on its port, and the page — never reloaded
 * — shows the five, in order, once each, and tells of no gap. Both servers are one cluster on
 * Redis, which keeps the sessions and the room's messages.
 */
@Timeout(120)
class ChatRecoveryBrowserTest {

    @Test
    void a_page_whose_server_restarts_under_it_shows_every_message_said_meanwhile_in_order(@TempDir Path profile)
            throws Exception {
        Browser.requireOrSkip();
        String name = "recovery-" + System.nanoTime();
        try (RedisStore store = SharedRedis.connect("simples:test:" + name + ":");
             Cluster clusterA = Cluster.redis(SharedRedis.URI, name);
             Cluster clusterB = Cluster.redis(SharedRedis.URI, name);
             Client bob = Client.create(ClientOptions.defaults().cookies(true));
             Browser browser = Browser.launch(profile)) {
            Server a = Chat.start(ServerOptions.defaults().port(0).cluster(clusterA), store);
            int port = a.port();
            Server b = Chat.start(ServerOptions.defaults().port(0).cluster(clusterB), store);
            try {
                Browser.Page ada = browser.open("http://127.0.0.1:" + port + "/");
                ChatBrowserTest.logIn(ada, "ada");
                bob.post("http://127.0.0.1:" + b.port() + "/login").field("name", "bob").send().join();
                ClientConnection bobSocket = bob.ws("ws://127.0.0.1:" + b.port() + "/chat", WSOptions.defaults().advanced(true));
                bobSocket.open().join();
                say(bobSocket, "before");
                ada.waitFor(shows("bob: before"), ChatBrowserTest.WAIT);

                a.stop();
                ada.waitFor("document.getElementById('status').textContent !== 'connected'", ChatBrowserTest.WAIT);
                List<String> meanwhile = List.of("one", "two", "three", "four", "five");
                for (String text : meanwhile) {
                    say(bobSocket, text);
                }
                a = Chat.start(ServerOptions.defaults().port(port).cluster(clusterA), store);

                ada.waitFor(shows("bob: five"), ChatBrowserTest.WAIT);
                ada.waitFor("document.getElementById('status').textContent === 'connected'", ChatBrowserTest.WAIT);
                say(bobSocket, "after");
                ada.waitFor(shows("bob: after"), ChatBrowserTest.WAIT);
                String lines = ada.eval("[...document.querySelectorAll('#messages li')]"
                        + ".map(li => li.textContent).filter(t => t.startsWith('bob: ')).join('|')").asString();
                assertEquals("bob: before|bob: one|bob: two|bob: three|bob: four|bob: five|bob: after", lines,
                        "each once, in order, with no reload");
                assertTrue(ada.eval("document.querySelectorAll('#messages li.notice').length === 0").asBoolean(),
                        "no gap told");
                assertTrue(ada.eval("window.performance.getEntriesByType('navigation').length === 1"
                        + " && document.getElementById('who').textContent === 'as ada'").asBoolean());
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private static String shows(String line) {
        return "[...document.querySelectorAll('#messages li')].some(li => li.textContent === '" + line + "')";
    }

    /** Says {@code text} in bob's room and waits for the server's answer (its "delivered"). */
    private static void say(ClientConnection socket, String text) {
        socket.ask("say", text, Duration.ofSeconds(10)).join();
    }
}
