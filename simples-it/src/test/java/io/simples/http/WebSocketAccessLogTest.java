package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.LoggerOptions;
import io.simples.ws.WSOptions;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With the router's logger option on, a WebSocket writes one access-log line when it closes (not
 * one for its handshake): its id, path, life, messages and bytes each way, close code and who
 * closed, in the token format or as JSON.
 */
@Timeout(60)
class WebSocketAccessLogTest {

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    String nextLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        assertTrue(line != null, "no log line came");
        return line;
    }

    TestServer echoServer(String format) {
        TestServer test = new TestServer();
        test.server.logger(LoggerOptions.defaults().enabled(true).format(format).sink(lines::add));
        test.server.ws("echo", WSOptions.defaults(), connection -> connection.onMessage(message -> {
            if (message.text().equals("close")) {
                connection.close(4000, "asked");
            } else {
                connection.send(message.text() + "!");
            }
        }));
        test.server.get("/after", c -> c.end());
        return test;
    }

    /** A JDK WebSocket client that keeps what it hears. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            texts.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code);
            return null;
        }

        String next() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            assertTrue(text != null, "no echo came");
            return text;
        }
    }

    static WebSocket open(TestServer test, Client client, String id) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("X-Request-Id", id)
                .buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + "/echo"), client).get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_websocket_the_client_closes_logs_its_traffic_once_as_json_and_its_handshake_not_at_all() throws Exception {
        try (TestServer test = echoServer(LoggerOptions.JSON_FORMAT)) {
            Client client = new Client();
            WebSocket socket = open(test, client, "ws-json-1");
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello!", client.next());
            socket.sendText("héllo", true).get(10, TimeUnit.SECONDS); // 6 bytes of UTF-8
            assertEquals("héllo!", client.next());
            socket.sendClose(1000, "done").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.closed.get(10, TimeUnit.SECONDS));

            JsonNode line = JsonMapper.shared().readTree(nextLine());
            assertEquals(List.of("time", "id", "protocol", "path", "duration_us", "messages_in", "messages_out",
                    "bytes_in", "bytes_out", "close_code", "closed_by", "remote", "user_agent"), List.copyOf(line.propertyNames()));
            assertEquals("ws-json-1", line.get("id").asString());
            assertEquals("ws", line.get("protocol").asString());
            assertEquals("/echo", line.get("path").asString());
            assertEquals(2, line.get("messages_in").asLong());
            assertEquals(2, line.get("messages_out").asLong());
            assertEquals(5 + 6, line.get("bytes_in").asLong());
            assertEquals(6 + 7, line.get("bytes_out").asLong());
            assertEquals(1000, line.get("close_code").asInt());
            assertEquals("client", line.get("closed_by").asString());
            assertEquals("127.0.0.1", line.get("remote").asString());
            assertTrue(line.get("duration_us").asLong() > 0, line.toString());

            test.get("/after");
            assertTrue(JsonMapper.shared().readTree(nextLine()).get("path").asString().equals("/after"),
                    "the handshake wrote no line of its own");
            assertNull(lines.poll(200, TimeUnit.MILLISECONDS), "one line per connection");
        }
    }

    @Test
    void a_websocket_the_server_closes_and_one_whose_socket_drops_say_so_in_tokens() throws Exception {
        try (TestServer test = echoServer("%id %protocol %path %method %status %messages-in %messages-out %bytes-in"
                + " %bytes-out %close-code %closed-by")) {
            Client client = new Client();
            WebSocket socket = open(test, client, "ws-server-2");
            socket.sendText("close", true).get(10, TimeUnit.SECONDS);
            assertEquals(4000, client.closed.get(10, TimeUnit.SECONDS));
            assertEquals("ws-server-2 ws /echo GET 101 1 0 5 0 4000 server", nextLine());

            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo", "X-Request-Id: ws-dropped-3\r\n")) {
                raw.send(true, 1, "hi".getBytes(StandardCharsets.UTF_8), true, 0);
                assertEquals("hi!", raw.read().text());
            } // the socket closes without a close frame
            assertEquals("ws-dropped-3 ws /echo GET 101 1 1 2 3 1006 network", nextLine());
        }
    }

    @Test
    void the_logger_option_off_writes_no_line_for_a_websocket() throws Exception {
        try (TestServer test = echoServer("%protocol %path")) {
            test.server.logger(LoggerOptions.defaults().enabled(c -> !c.protocol().startsWith("ws")).format("%protocol %path")
                    .sink(lines::add));
            Client client = new Client();
            WebSocket socket = open(test, client, "quiet");
            socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
            client.closed.get(10, TimeUnit.SECONDS);
            test.get("/after");
            assertEquals("http /after", nextLine());
            assertNull(lines.poll(Duration.ofMillis(200).toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
