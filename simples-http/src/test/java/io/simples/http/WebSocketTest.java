package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WebSocket endpoints driven by the JDK's WebSocket client and by raw frames. */
@Timeout(60)
class WebSocketTest {

    /** A JDK WebSocket that queues what it receives: "text:…", "binary:n", "close:code:reason". */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket;
        private final StringBuilder text = new StringBuilder();

        static Client connect(TestServer test, String path, String... protocols) throws Exception {
            Client client = new Client();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (protocols.length > 0) {
                builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
            }
            client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + path), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        String next() throws InterruptedException {
            String message = received.poll(10, TimeUnit.SECONDS);
            assertTrue(message != null, "nothing received in 10 s");
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add("text:" + text);
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            received.add("binary:" + data.remaining());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add("close:" + statusCode + ":" + reason);
            return null;
        }
    }

    @Test
    void text_and_binary_messages_are_echoed() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection -> connection.onMessage(message -> {
                if (message.isText()) {
                    connection.send("echo " + message.text());
                } else {
                    connection.send(message.bytes());
                }
            }));
            Client client = Client.connect(test, "/echo");
            client.socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("text:echo hello", client.next());
            client.socket.sendBinary(ByteBuffer.wrap(new byte[1000]), true).get(5, TimeUnit.SECONDS);
            assertEquals("binary:1000", client.next());
            client.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertEquals("close:1000:", client.next());
        }
    }

    @Test
    void a_plain_request_to_a_websocket_location_gets_426() {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection -> { });
            var response = test.get("/echo");
            assertEquals(426, response.statusCode());
            assertEquals("websocket", response.headers().firstValue("upgrade").orElse(""));
        }
    }
}
