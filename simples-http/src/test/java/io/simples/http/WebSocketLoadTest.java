package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class WebSocketLoadTest {

    static final int CONNECTIONS = 1000;
    static final int ECHOES = 5;

    @Test
    void a_thousand_connections_echo_then_all_get_a_broadcast() throws Exception {
        try (TestServer test = new TestServer()) {
            WSHost host = test.server.ws("echo", WSOptions.defaults(), connection ->
                    connection.onMessage(message -> connection.send(message.text())));
            HttpClient client = HttpClient.newHttpClient();
            AtomicInteger echoed = new AtomicInteger();
            CountDownLatch echoesDone = new CountDownLatch(CONNECTIONS);
            CountDownLatch broadcastsDone = new CountDownLatch(CONNECTIONS);
            List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int id = i;
                sockets.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + "/echo"),
                        new WebSocket.Listener() {
                            int seen;

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                String text = data.toString();
                                if (text.equals("broadcast")) {
                                    broadcastsDone.countDown();
                                } else if (text.equals(id + ":" + seen)) {
                                    echoed.incrementAndGet();
                                    seen++;
                                    if (seen < ECHOES) {
                                        socket.sendText(id + ":" + seen, true);
                                    } else {
                                        echoesDone.countDown();
                                    }
                                }
                                socket.request(1);
                                return null;
                            }
                        }));
            }
            List<WebSocket> open = new ArrayList<>();
            for (CompletableFuture<WebSocket> socket : sockets) {
                open.add(socket.get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                open.get(i).sendText(i + ":0", true);
            }
            assertTrue(echoesDone.await(60, TimeUnit.SECONDS), "echoes done: " + echoed.get());
            assertEquals(CONNECTIONS * ECHOES, echoed.get(), "no echo lost");
            assertEquals(CONNECTIONS, host.connections().size());
            host.broadcast("broadcast");
            assertTrue(broadcastsDone.await(30, TimeUnit.SECONDS), "broadcast reached " + (CONNECTIONS - broadcastsDone.getCount()));
            for (WebSocket socket : open) {
                socket.abort();
            }
        }
    }

    @Test
    void a_client_too_slow_for_broadcasts_is_closed_with_1008_and_memory_stays_bounded() throws Exception {
        BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            WSHost host = test.server.ws("feed", WSOptions.defaults().compression(false), connection ->
                    connection.onClose((code, reason) -> closes.add(code)));
            try (RawWebSocket reader = new RawWebSocket(test.server.port(), "/feed");
                 RawWebSocket stuck = new RawWebSocket(test.server.port(), "/feed")) {
                WebSocketTest.awaitConnections(host, 2);
                assertTrue(stuck.handshake.startsWith("HTTP/1.1 101"), stuck.handshake);
                String chunk = "x".repeat(64 * 1024);
                int sent = 0;
                while (host.connections().stream().allMatch(io.simples.ws.WSConnection::isOpen) && sent < 2000) { // 125 MiB at most, never read by "stuck"
                    host.broadcast(chunk);
                    sent++;
                    drain(reader);
                }
                assertTrue(sent < 2000, "the stuck client was never dropped");
                assertEquals(1008, closes.poll(20, TimeUnit.SECONDS));
                assertEquals(1, host.connections().size(), "the reading client stays");
            }
        }
    }

    /** Reads whatever the reading client has been sent, so that only the other one falls behind. */
    private static void drain(RawWebSocket reader) throws IOException {
        reader.timeout(50);
        try {
            reader.read();
        } catch (java.net.SocketTimeoutException e) {
            // nothing more right now
        }
    }
}
