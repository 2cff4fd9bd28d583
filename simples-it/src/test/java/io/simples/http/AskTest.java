package io.simples.http;

import static io.simples.session.Await.await;
import static io.simples.session.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.Client;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSConnection;
import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Asks and answers in advanced mode, both ways: numbered answers that cannot cross, a timeout, a
 * close that fails what waits, and peers that know nothing of numbers (the original simpleS
 * clients, played here by the JDK's WebSocket sending envelopes by hand), which keep the
 * "next message of that event" reply.
 */
@Timeout(60)
class AskTest {

    static final WSOptions ADVANCED = WSOptions.defaults().advanced(true);

    TestServer test;
    Client client;
    final BlockingQueue<WSConnection> opened = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        test = new TestServer();
        client = Client.create();
        test.server.ws("rpc", ADVANCED, connection -> {
            connection.onAsk("double", data -> ((Number) data).intValue() * 2);
            opened.add(connection);
        });
    }

    @AfterEach
    void stop() {
        client.close();
        test.close();
    }

    WSConnection serverSide() throws InterruptedException {
        WSConnection connection = opened.poll(10, TimeUnit.SECONDS);
        assertTrue(connection != null, "no connection opened in 10 s");
        return connection;
    }

    @Test
    void a_client_asks_the_server_and_the_server_asks_the_client() throws Exception {
        ClientConnection socket = client.ws(test.webSocketUri("/rpc").toString(), ADVANCED)
                .onAsk("name", data -> "ada, asked " + data);
        socket.open().join();
        assertEquals(42, await(socket.ask("double", 21, Duration.ofSeconds(5))));
        WSConnection server = serverSide();
        assertEquals("ada, asked twice", await(server.ask("name", "twice", Duration.ofSeconds(5))));
    }

    @Test
    void two_asks_of_one_event_answered_in_the_other_order_never_cross() throws Exception {
        Raw peer = Raw.connect(test.webSocketUri("/rpc"));
        WSConnection server = serverSide();
        CompletableFuture<Object> first = server.ask("pick", "first", Duration.ofSeconds(5));
        CompletableFuture<Object> second = server.ask("pick", "second", Duration.ofSeconds(5));
        String one = peer.next();
        String two = peer.next();
        assertEquals("{\"event\":\"pick\",\"data\":\"first\",\"ask\":1}", one);
        assertEquals("{\"event\":\"pick\",\"data\":\"second\",\"ask\":2}", two);
        peer.send("{\"event\":\"pick\",\"data\":\"answer to second\",\"answer\":2}");
        peer.send("{\"event\":\"pick\",\"data\":\"answer to first\",\"answer\":1}");
        assertEquals("answer to second", await(second));
        assertEquals("answer to first", await(first));
    }

    @Test
    void an_ask_without_an_answer_times_out_and_a_close_fails_what_still_waits() throws Exception {
        ClientConnection socket = client.ws(test.webSocketUri("/rpc").toString(), ADVANCED);
        socket.open().join();
        WSConnection server = serverSide();
        Throwable late = failure(server.ask("silence", null, Duration.ofMillis(200)));
        assertInstanceOf(TimeoutException.class, late);
        assertEquals("no answer to \"silence\" within 200 ms", late.getMessage());
        CompletableFuture<Object> waiting = server.ask("silence", null, Duration.ofSeconds(30));
        CompletableFuture<Object> mine = socket.ask("never", null, Duration.ofSeconds(30)); // the server has no answerer
        socket.close(4000, "bye");
        assertInstanceOf(IllegalStateException.class, failure(waiting));
        assertTrue(failure(mine).getMessage().contains("before \"never\" was answered"), failure(mine).getMessage());
        assertInstanceOf(IllegalStateException.class, failure(server.ask("late", null, Duration.ofSeconds(1))),
                "an ask on a closed connection fails at once");
    }

    @Test
    void an_original_client_gets_plain_replies_and_its_plain_replies_answer_the_oldest_ask() throws Exception {
        Raw old = Raw.connect(test.webSocketUri("/rpc"));
        WSConnection server = serverSide();
        old.send("{\"event\":\"double\",\"data\":4}"); // no number: the answer goes as the next "double", as the original clients wait for
        assertEquals("{\"event\":\"double\",\"data\":8}", old.next());
        CompletableFuture<Object> first = server.ask("confirm", 1, Duration.ofSeconds(5));
        CompletableFuture<Object> second = server.ask("confirm", 2, Duration.ofSeconds(5));
        old.next();
        old.next();
        old.send("{\"event\":\"confirm\",\"data\":\"yes\"}");
        assertEquals("yes", await(first), "a reply without a number answers the oldest ask of its event");
        old.send("{\"event\":\"confirm\",\"data\":\"also\"}");
        assertEquals("also", await(second));
    }

    /** A WebSocket peer written by hand with the JDK's client: it sends and reads envelopes as text. */
    static final class Raw implements WebSocket.Listener {
        private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Raw connect(URI uri) throws Exception {
            Raw raw = new Raw();
            raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, raw).get(10, TimeUnit.SECONDS);
            return raw;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                heard.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String next() throws InterruptedException {
            String message = heard.poll(10, TimeUnit.SECONDS);
            assertTrue(message != null, "nothing heard in 10 s");
            return message;
        }
    }
}
