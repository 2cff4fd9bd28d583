package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a WebSocket lives and ends: readers that only answer pings, and failures told to the application. */
@Timeout(60)
class WebSocketLivenessTest {

    @Test
    void a_reader_that_only_answers_pings_stays_connected_over_many_timeouts() throws Exception {
        try (TestServer test = new TestServer()) {
            BlockingQueue<String> closes = new LinkedBlockingQueue<>();
            test.server.ws("news", WSOptions.defaults().timeout(Duration.ofSeconds(2)), connection -> {
                connection.onMessage(message -> connection.send("echo " + message.text()));
                connection.onClose((code, reason) -> closes.add(code + " " + reason));
            });
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            // the JDK client answers every ping with a pong by itself, and this one never sends a message
            WebSocket reader = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + "/news"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                            heard.add("ping");
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            heard.add("text " + data);
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                            heard.add("close " + code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            for (int period = 1; period <= 4; period++) { // four silent periods, each ending in a ping
                assertEquals("ping", heard.poll(10, TimeUnit.SECONDS), "period " + period);
            }
            reader.sendText("still here", true).get(10, TimeUnit.SECONDS);
            assertEquals("text echo still here", heard.poll(10, TimeUnit.SECONDS));
            assertEquals(null, closes.poll(), "the reader must not have been closed");
            reader.sendClose(1000, "").get(10, TimeUnit.SECONDS);
            assertEquals("1000 ", closes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void failures_the_client_causes_reach_error_listeners_before_the_close() throws Exception {
        try (TestServer test = new TestServer()) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            test.server.ws("strict", WSOptions.defaults().limit(100), connection -> {
                connection.onError(failure -> events.add("error " + failure.getClass().getSimpleName()));
                connection.onClose((code, reason) -> events.add("close " + code));
            });
            int port = test.server.port();
            try (RawWebSocket raw = new RawWebSocket(port, "/strict")) {
                raw.send(true, 2, new byte[101], true, 0);
                assertEquals(1009, raw.readCloseCode());
            }
            assertEquals(List.of("error CorruptedWebSocketFrameException", "close 1009"), take(events, 2));
            try (RawWebSocket raw = new RawWebSocket(port, "/strict")) {
                raw.send(true, 1, "hi".getBytes(), true, 2);
                assertEquals(1002, raw.readCloseCode());
            }
            assertEquals(List.of("error CorruptedWebSocketFrameException", "close 1002"), take(events, 2));
            try (RawWebSocket raw = new RawWebSocket(port, "/strict", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
                raw.send(true, 2, ConformanceRows.deflated(new byte[5000]), true, 4);
                assertEquals(1009, raw.readCloseCode(), "a compressed message inflating past the limit");
            }
            List<String> inflated = take(events, 2);
            assertTrue(inflated.get(0).startsWith("error "), inflated.toString());
            assertEquals("close 1009", inflated.get(1));
            try (RawWebSocket raw = new RawWebSocket(port, "/strict")) {
                raw.send(true, 8, new byte[]{0x13, (byte) 0x88}, true, 0); // close code 5000
                assertEquals(1002, raw.readCloseCode(), "5000 may not be sent");
            }
            assertEquals(List.of("error CorruptedWebSocketFrameException", "close 1002"), take(events, 2));
        }
    }

    @Test
    void codes_that_never_travel_cannot_be_sent() throws Exception {
        try (TestServer test = new TestServer()) {
            BlockingQueue<String> refused = new LinkedBlockingQueue<>();
            test.server.ws("codes", WSOptions.defaults(), connection -> {
                for (int code : new int[]{999, 1005, 1006, 1015, 2000, 5000}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> connection.close(code));
                    refused.add(code + (e.getMessage().contains(String.valueOf(code)) ? " named" : " unnamed"));
                }
                connection.close(4000, "done");
            });
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/codes")) {
                assertEquals(4000, raw.readCloseCode());
            }
            assertEquals(List.of("999 named", "1005 named", "1006 named", "1015 named", "2000 named", "5000 named"),
                    take(refused, 6));
        }
    }

    private static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String next = queue.poll(10, TimeUnit.SECONDS);
            assertTrue(next != null, "only " + taken + " after 10 s");
            taken.add(next);
        }
        return taken;
    }
}
