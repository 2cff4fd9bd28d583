package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.client.ClientResponse;
import io.simples.http.Simples;
import io.simples.session.ChildJvm;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import io.simples.session.SharedRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat as two processes on one Redis, started as the README says ({@code PORT},
 * {@code SIMPLES_CLUSTER}): two child JVMs running {@code Chat.main}, killed by PID at the end. A
 * user on each, first as WebSocket clients, then in a real browser: what one says, the other hears.
 */
@Timeout(180)
class ChatClusterTest {

    private static final List<Process> children = new ArrayList<>();
    private static int first;
    private static int second;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void twoProcesses() throws Exception {
        SharedRedis.connect("simples:test:probe:").close(); // skips, or fails in CI, without Redis
        first = start();
        second = start();
    }

    @AfterAll
    static void kill() {
        children.forEach(Process::destroyForcibly);
    }

    private static int start() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", "0");
        environment.put("SIMPLES_CLUSTER", SharedRedis.URI);
        environment.put("SIMPLES_STORE", null); // the store follows the cluster, as the README says
        Process child = ChildJvm.start(Chat.class.getName(), environment);
        children.add(child);
        return ChildJvm.awaitLine(child, line -> line.startsWith("Chat on http://localhost:")
                ? Integer.parseInt(line.replaceAll("\\D", "")) : null);
    }

    private String logIn(int port, String name) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** A chat user's socket: collects what it hears. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                heard.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        /**
         * The next message but the room's member lists, which come whenever somebody joins or leaves,
         * and the answers to "say" (which may come before the message: a kept message goes through Redis first).
         */
        String next() throws InterruptedException {
            while (true) {
                String message = heard.poll(10, TimeUnit.SECONDS);
                assertNotNull(message, "nothing heard in 10 s");
                if (!message.startsWith("{\"event\":\"members\"") && !message.startsWith("{\"event\":\"say\"")) {
                    return message;
                }
            }
        }

        /** Waits for the member list {@code names} (as JSON), skipping everything else. */
        void awaitMembers(String names, java.time.Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            String wanted = "{\"event\":\"members\",\"data\":" + names + "}";
            String last = null;
            while (!wanted.equals(last)) {
                last = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(last, "no member list " + names + " within " + limit);
            }
        }
    }

    private WebSocket join(int port, String cookie, Listener listener) throws Exception {
        WebSocket socket = http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), listener).get(10, TimeUnit.SECONDS);
        assertTrue(listener.next().startsWith("{\"event\":\"joined\""));
        return socket;
    }

    @Test
    void a_message_said_on_one_process_is_heard_on_the_other() throws Exception {
        Listener ada = new Listener();
        Listener bob = new Listener();
        WebSocket adaSocket = join(first, logIn(first, "ada"), ada);
        join(second, logIn(second, "bob"), bob);

        adaSocket.sendText("{\"event\":\"say\",\"data\":\"hello from the first process\"}", true).get(5, TimeUnit.SECONDS);
        String said = "{\"event\":\"message\",\"data\":{\"name\":\"ada\",\"text\":\"hello from the first process\",\"room\":\"lobby\"}}";
        assertEquals(said, canonical(bob.next()));
        assertEquals(said, canonical(ada.next()));
    }

    @Test
    void who_is_in_the_room_counts_users_across_processes_and_a_killed_process_takes_its_users_along() throws Exception {
        int third = start();
        String room = "presence" + System.nanoTime(); // a room of its own: the other tests' users stay in the lobby
        Listener ada = new Listener();
        inRoom(join(first, logIn(first, "ada"), ada), room);
        ada.awaitMembers("[\"ada\"]", java.time.Duration.ofSeconds(10));
        String carl = logIn(third, "carl");
        inRoom(join(third, carl, new Listener()), room);
        inRoom(join(second, carl, new Listener()), room); // carl's second tab, on another process: still one carl
        inRoom(join(third, logIn(third, "dave"), new Listener()), room); // dave only on the process about to die
        ada.awaitMembers("[\"ada\",\"carl\",\"dave\"]", java.time.Duration.ofSeconds(10));
        Process killed = children.get(children.size() - 1);
        killed.destroyForcibly(); // kill -9: no goodbye on the bus
        assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
        // the others forget the silent process within a few seconds: dave leaves, carl stays (his other tab)
        ada.awaitMembers("[\"ada\",\"carl\"]", java.time.Duration.ofSeconds(20));
    }

    @Test
    void a_user_whose_process_is_killed_gets_every_notice_sent_meanwhile_on_another_once_in_order() throws Exception {
        int doomed = start();
        WSOptions advanced = WSOptions.defaults().advanced(true);
        try (Client jar = Client.create(ClientOptions.defaults().cookies(true))) {
            jar.post("http://127.0.0.1:" + doomed + "/login").field("name", "erin").send().join();
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            ClientConnection there = jar.ws("ws://127.0.0.1:" + doomed + "/chat", advanced)
                    .on("joined", data -> heard.add("joined")).on("notice", data -> heard.add("notice " + data));
            there.open().join();
            assertEquals("joined", poll(heard));
            assertTrue(notice(jar, second, "before").startsWith("1 sockets"), "live across processes");
            assertEquals("notice before", poll(heard));

            Process killed = children.get(children.size() - 1);
            killed.destroyForcibly(); // kill -9: the socket drops, nothing is said
            assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
            there.closed().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 5; i++) {
                assertTrue(notice(jar, second, "n" + i).startsWith("0 sockets"), "nobody connected meanwhile");
            }

            BlockingQueue<String> again = new LinkedBlockingQueue<>();
            ClientConnection back = jar.ws("ws://127.0.0.1:" + second + "/chat", advanced).resumeFrom(there)
                    .on("notice", data -> again.add("notice " + data)).on("simples:resumed", data -> again.add("resumed " + data));
            back.open().join();
            List<String> got = new ArrayList<>();
            while (got.isEmpty() || !got.get(got.size() - 1).startsWith("resumed")) {
                got.add(poll(again));
            }
            assertEquals(List.of("notice n1", "notice n2", "notice n3", "notice n4", "notice n5",
                    "resumed {recovered=true, replayed=5}"), got);
            assertTrue(notice(jar, second, "after").startsWith("1 sockets"));
            assertEquals("notice after", poll(again), "live again, and nothing twice before it");
            back.close();
        }
    }

    private static String poll(BlockingQueue<String> heard) throws InterruptedException {
        String message = heard.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "nothing heard in 10 s");
        return message;
    }

    /** Sends a notice to the jar's user through the process on {@code port}; its answer (how many sockets got it). */
    private static String notice(Client jar, int port, String text) {
        ClientResponse answer = jar.post("http://127.0.0.1:" + port + "/notices").field("text", text).send().join();
        assertEquals(200, answer.status(), answer.text());
        return answer.text();
    }

    private static void inRoom(WebSocket socket, String room) {
        socket.sendText("{\"event\":\"join\",\"data\":\"" + room + "\"}", true).join();
    }

    @Test
    void two_people_on_two_processes_chat_in_a_browser(@TempDir Path profile) throws Exception {
        Browser.requireOrSkip();
        try (Browser browser = Browser.launch(profile)) {
            Browser.Page ada = browser.open("http://127.0.0.1:" + first + "/");
            Browser.Page bob = browser.open("http://127.0.0.1:" + second + "/");
            ChatBrowserTest.logIn(ada, "ada");
            ChatBrowserTest.logIn(bob, "bob");

            ada.eval("document.getElementById('text').value = 'hello across';"
                    + " document.getElementById('send').click(); true");
            bob.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'ada: hello across')",
                    ChatBrowserTest.WAIT);
            bob.eval("document.getElementById('text').value = 'and back';"
                    + " document.getElementById('send').click(); true");
            ada.waitFor("[...document.querySelectorAll('#messages li')].some(li => li.textContent === 'bob: and back')",
                    ChatBrowserTest.WAIT);
        }
    }

    /** The message's fields in a fixed order (a map's JSON may come in any). */
    private static String canonical(String json) {
        tools.jackson.databind.JsonNode node = new tools.jackson.databind.ObjectMapper().readTree(json);
        tools.jackson.databind.JsonNode data = node.get("data");
        return "{\"event\":\"" + node.get("event").asString() + "\",\"data\":{\"name\":\"" + data.get("name").asString()
                + "\",\"text\":\"" + data.get("text").asString() + "\",\"room\":\"" + data.get("room").asString() + "\"}}";
    }
}
