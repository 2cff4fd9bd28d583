package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.client.ClientOptions;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java client's WebSockets against our server: both modes, replies, close codes, large and compressed messages, a shared session. */
@Timeout(60)
class ClientWebSocketTest {

    TestServer test;
    Client client;
    String ws;
    final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        test = new TestServer();
        client = Client.create();
        ws = "ws://127.0.0.1:" + test.server.port();
    }

    @AfterEach
    void stop() {
        client.close();
        test.close();
    }

    String next() throws InterruptedException {
        String message = heard.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "nothing heard in 10 s");
        return message;
    }

    @Test
    void plain_messages_go_both_ways_and_a_greeting_sent_on_open_is_not_missed() throws Exception {
        test.server.ws("echo", WSOptions.defaults(), connection -> {
            connection.send("welcome");
            connection.onMessage(message -> connection.send(message.isText() ? "echo " + message.text() : message.bytes()));
        });
        ClientConnection socket = client.ws(ws + "/echo")
                .onMessage(message -> heard.add(message.isText() ? message.text() : "binary " + message.bytes().length));
        assertFalse(socket.send("too early"), "nothing is sent before open");
        assertTrue(socket.open().join().isOpen());
        assertEquals("welcome", next());
        assertTrue(socket.send("hello"));
        assertEquals("echo hello", next());
        socket.send(new byte[]{1, 2, 3});
        assertEquals("binary 3", next());
        socket.send(java.util.Map.of("a", 1));
        assertEquals("echo {\"a\":1}", next());
    }

    @Test
    void advanced_mode_events_and_replies_are_wire_compatible_with_the_server() throws Exception {
        WSOptions advanced = WSOptions.defaults().advanced(true);
        test.server.ws("chat", advanced, connection -> {
            connection.send("news", "on open");
            connection.on("hello", data -> connection.send("hello", "hi " + data));
            connection.on("ask", data -> connection.send("ask", java.util.Map.of("answer", 42), reply -> {
                connection.send("thanks", reply);
            }));
        });
        ClientConnection socket = client.ws(ws + "/chat", advanced)
                .on("news", data -> heard.add("news " + data))
                .on("thanks", data -> heard.add("thanks " + data));
        socket.open().join();
        assertEquals("news on open", next());
        socket.send("hello", "ada", data -> heard.add("reply " + data));
        assertEquals("reply hi ada", next());
        socket.send("ask", null, data -> {
            heard.add("answer " + data);
            socket.send("ask", "got it"); // the server's reply listener hears the next "ask"
        });
        assertEquals("answer {answer=42}", next());
        assertEquals("thanks got it", next());
    }

    @Test
    void close_codes_travel_both_ways() throws Exception {
        BlockingQueue<String> serverHeard = new LinkedBlockingQueue<>();
        test.server.ws("close", WSOptions.defaults(), connection -> {
            connection.onClose((code, reason) -> serverHeard.add(code + " " + reason));
            connection.onMessage(message -> connection.close(4002, "server says " + message.text()));
        });
        ClientConnection first = client.ws(ws + "/close").onClose((code, reason) -> heard.add(code + " " + reason));
        first.open().join();
        first.close(4001, "bye");
        assertEquals("4001 bye", serverHeard.poll(10, TimeUnit.SECONDS));
        assertEquals("4001 bye", next());
        first.closed().get(10, TimeUnit.SECONDS);

        ClientConnection second = client.ws(ws + "/close").onClose((code, reason) -> heard.add(code + " " + reason));
        second.open().join();
        second.send("go");
        assertEquals("4002 server says go", next());
        second.closed().get(10, TimeUnit.SECONDS);
        assertFalse(second.isOpen());
        assertThrows(IllegalArgumentException.class, () -> second.close(1006));
    }

    @Test
    void large_and_compressed_messages_round_trip_and_too_large_ones_close_with_1009() throws Exception {
        WSOptions roomy = WSOptions.defaults().limit(2 << 20);
        BlockingQueue<String> offered = new LinkedBlockingQueue<>();
        test.server.ws("big", roomy, connection -> {
            offered.add(String.valueOf(connection.headers().get("sec-websocket-extensions")));
            connection.onMessage(message -> connection.send(message.text()));
        });
        test.server.ws("huge", WSOptions.defaults().limit(4 << 20), connection -> connection.send("x".repeat(3 << 20)));
        char[] letters = new char[1 << 20];
        Arrays.fill(letters, 'a');
        String oneMiB = new String(letters);
        for (boolean compression : List.of(true, false)) {
            ClientConnection socket = client.ws(ws + "/big", roomy.compression(compression))
                    .onMessage(message -> heard.add(message.text().length() + " " + message.text().equals(oneMiB)));
            socket.open().join();
            String extensions = offered.poll(10, TimeUnit.SECONDS);
            assertEquals(compression, extensions.contains("permessage-deflate"), extensions);
            socket.send(oneMiB);
            assertEquals((1 << 20) + " true", next(), "compression " + compression);
            socket.close();
        }
        ClientConnection small = client.ws(ws + "/huge")
                .onError(failure -> heard.add("error " + failure.getClass().getSimpleName()))
                .onClose((code, reason) -> heard.add("close " + code));
        small.open().join();
        assertTrue(next().startsWith("error"), "a message past the 1 MiB limit is an error");
        assertTrue(next().startsWith("close"));
    }

    @Test
    void a_quiet_client_answers_pings_across_several_timeouts_and_gets_the_subprotocol_it_offered() throws Exception {
        WSOptions quick = WSOptions.defaults().timeout(java.time.Duration.ofSeconds(2)).protocols(List.of("chat.v2"));
        test.server.ws("quiet", quick, connection -> connection.onMessage(message -> connection.send("still here")));
        ClientConnection socket = client.ws(ws + "/quiet", WSOptions.defaults().protocols(List.of("chat.v1", "chat.v2")))
                .onMessage(message -> heard.add(message.text()));
        socket.open().join();
        assertEquals("chat.v2", socket.subprotocol());
        // the server pings after 2 s of silence and closes 2 s after an unanswered ping: 5 s of quiet is two rounds
        assertThrows(java.util.concurrent.TimeoutException.class, () -> socket.closed().get(5, TimeUnit.SECONDS));
        socket.send("hello?");
        assertEquals("still here", next());
    }

    @Test
    void a_refused_handshake_fails_open_with_the_status_and_the_url() {
        test.server.ws("pages-only", WSOptions.defaults().origins(List.of("https://app.example.com")), c -> { });
        test.server.get("/plain", c -> c.end("not a socket"));
        Throwable missing = assertThrows(CompletionException.class, () -> client.ws(ws + "/nothing").open().join()).getCause();
        assertInstanceOf(ProtocolException.class, missing);
        assertTrue(missing.getMessage().contains("404") && missing.getMessage().contains(ws + "/nothing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.ws("http://127.0.0.1/"));
        assertThrows(IllegalArgumentException.class, () -> client.ws("ws://"));
    }

    @Test
    void a_login_over_http_carries_into_the_websocket_through_the_cookie_jar() throws Exception {
        test.server.session(SessionOptions.defaults().enabled(true));
        test.server.get("/login", c -> {
            c.session().put("user", "ada");
            c.end("in");
        });
        test.server.ws("me", WSOptions.defaults(), connection -> {
            connection.send("user " + connection.session().get("user"));
            connection.onMessage(message -> {
                connection.session().put("seen", message.text());
                connection.send("stored");
            });
        });
        test.server.get("/seen", c -> c.end(String.valueOf(c.session().get("seen"))));
        try (Client jar = Client.create(ClientOptions.defaults().cookies(true))) {
            assertEquals("in", jar.get("http://127.0.0.1:" + test.server.port() + "/login").send().join().text());
            ClientConnection socket = jar.ws(ws + "/me").onMessage(message -> heard.add(message.text()));
            socket.open().join();
            assertEquals("user ada", next());
            socket.send("from the socket");
            assertEquals("stored", next());
            String seen = jar.get("http://127.0.0.1:" + test.server.port() + "/seen").send().join().text();
            assertEquals("from the socket", seen, "one live session for both connections");
        }
    }

    @Test
    void a_close_while_opening_or_before_it_is_kept() throws Exception {
        BlockingQueue<Integer> serverHeard = new LinkedBlockingQueue<>();
        test.server.ws("brief", WSOptions.defaults(), connection -> connection.onClose((code, reason) -> serverHeard.add(code)));
        ClientConnection brief = client.ws(ws + "/brief");
        brief.open();
        brief.close(4003, "changed my mind");
        brief.closed().get(10, TimeUnit.SECONDS);
        assertEquals(4003, serverHeard.poll(10, TimeUnit.SECONDS), "the close went out as soon as the socket was open");

        ClientConnection never = client.ws(ws + "/brief");
        never.close();
        never.closed().get(10, TimeUnit.SECONDS);
        Throwable refused = assertThrows(CompletionException.class, () -> never.open().join()).getCause();
        assertInstanceOf(IllegalStateException.class, refused);
    }

    @Test
    void closing_the_client_closes_its_websockets() throws Exception {
        BlockingQueue<Integer> serverHeard = new LinkedBlockingQueue<>();
        test.server.ws("stay", WSOptions.defaults(), connection -> connection.onClose((code, reason) -> serverHeard.add(code)));
        Client other = Client.create();
        ClientConnection socket = other.ws(ws + "/stay");
        socket.open().join();
        other.close();
        socket.closed().get(10, TimeUnit.SECONDS);
        assertTrue(serverHeard.poll(10, TimeUnit.SECONDS) != null, "the server saw the socket go");
        assertThrows(IllegalStateException.class, () -> other.ws(ws + "/stay"));
    }
}
