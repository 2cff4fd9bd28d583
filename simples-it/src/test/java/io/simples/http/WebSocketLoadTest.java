package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.core.LoggerOptions;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * 1 000 JDK WebSocket clients each have five messages echoed, then all get one broadcast.
     * The JDK client allows one send in flight per socket, so each client chains its sends; and
     * both sides write down what each connection last sent and saw, so that a stall says whether
     * the server lost or held back a message (a defect) or the client never sent it.
     */
    @Test
    void a_thousand_connections_echo_then_all_get_a_broadcast() throws Exception {
        try (TestServer test = new TestServer()) {
            Map<Integer, String> serverSaw = new ConcurrentHashMap<>();
            WSHost host = test.server.ws("echo", WSOptions.defaults(), connection ->
                    connection.onMessage(message -> {
                        String text = message.text();
                        serverSaw.put(Integer.parseInt(text.substring(0, text.indexOf(':'))), text);
                        connection.send(text);
                    }));
            HttpClient client = HttpClient.newHttpClient();
            AtomicInteger echoed = new AtomicInteger();
            CountDownLatch echoesDone = new CountDownLatch(CONNECTIONS);
            CountDownLatch broadcastsDone = new CountDownLatch(CONNECTIONS);
            List<EchoClient> clients = new ArrayList<>();
            List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                EchoClient echo = new EchoClient(i, echoed, echoesDone, broadcastsDone);
                clients.add(echo);
                sockets.add(client.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + test.server.port() + "/echo"), echo));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.get(i).start(sockets.get(i).get(30, TimeUnit.SECONDS));
            }
            if (!echoesDone.await(60, TimeUnit.SECONDS)) {
                StringBuilder stalled = new StringBuilder();
                for (EchoClient echo : clients) {
                    if (!echo.done) {
                        stalled.append("\n  ").append(echo.report()).append("; the server last received ")
                                .append(serverSaw.get(echo.id));
                    }
                }
                throw new AssertionError("echoes done: " + echoed.get() + "; stalled:" + stalled);
            }
            assertEquals(CONNECTIONS * ECHOES, echoed.get(), "no echo lost");
            assertEquals(CONNECTIONS, host.connections().size());
            host.broadcast("broadcast");
            assertTrue(broadcastsDone.await(30, TimeUnit.SECONDS), "broadcast reached " + (CONNECTIONS - broadcastsDone.getCount()));
            for (EchoClient echo : clients) {
                echo.socket.abort();
            }
        }
    }

    /** One client of the echo test: sends {@code id:n} and the next once {@code id:n} came back. */
    private static final class EchoClient implements WebSocket.Listener {
        final int id;
        private final AtomicInteger echoed;
        private final CountDownLatch echoesDone;
        private final CountDownLatch broadcastsDone;
        volatile WebSocket socket;
        private CompletableFuture<WebSocket> sending;
        private volatile int seen;
        private volatile String lastSent = "nothing";
        private volatile String lastReceived = "nothing";
        private volatile Throwable sendFailure;
        volatile boolean done;

        EchoClient(int id, AtomicInteger echoed, CountDownLatch echoesDone, CountDownLatch broadcastsDone) {
            this.id = id;
            this.echoed = echoed;
            this.echoesDone = echoesDone;
            this.broadcastsDone = broadcastsDone;
        }

        synchronized void start(WebSocket open) {
            socket = open;
            sending = CompletableFuture.completedFuture(open);
            send(id + ":0");
        }

        /** Chains the send behind the one before: the JDK client takes one at a time. */
        private synchronized void send(String text) {
            lastSent = text;
            sending = sending.thenCompose(ws -> ws.sendText(text, true));
            sending.whenComplete((ws, failure) -> {
                if (failure != null) {
                    sendFailure = failure;
                }
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String text = data.toString();
            lastReceived = text;
            if (text.equals("broadcast")) {
                broadcastsDone.countDown();
            } else if (text.equals(id + ":" + seen)) {
                echoed.incrementAndGet();
                seen++;
                if (seen < ECHOES) {
                    send(id + ":" + seen);
                } else {
                    done = true;
                    echoesDone.countDown();
                }
            }
            webSocket.request(1);
            return null;
        }

        String report() {
            return "connection " + id + ": sent " + lastSent + (sendFailure == null ? "" : " (the send failed: " + sendFailure + ")")
                    + ", received " + lastReceived;
        }
    }

    /**
     * What the server took for a client that never reads is bounded: its own queue (4 MiB and the
     * write buffer's high mark) and the socket's send buffer in the kernel (tcp_wmem's 4 MiB at
     * most). Counted by the server itself, in the connection's access-log line ({@code %bytes-out}:
     * every byte it accepted for the client), not by the broadcasts the test made: those from a
     * thread outside the event loop are tasks, and the test can run ahead of them.
     */
    @Test
    void a_client_too_slow_for_broadcasts_is_closed_with_1008_and_memory_stays_bounded() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            test.server.logger(LoggerOptions.defaults().enabled(c -> c.protocol().startsWith("ws"))
                    .format("%close-code %bytes-out").sink(lines::add));
            WSHost host = test.server.ws("feed", WSOptions.defaults().compression(false), connection -> { });
            // "stuck" never reads, and its 4 KiB receive buffer holds almost nothing
            try (RawWebSocket reader = new RawWebSocket(test.server.port(), "/feed");
                 RawWebSocket stuck = new RawWebSocket(test.server.port(), "/feed", "", 4096)) {
                WebSocketTest.awaitConnections(host, 2);
                assertTrue(stuck.handshake.startsWith("HTTP/1.1 101"), stuck.handshake);
                String text = "x".repeat(64 * 1024);
                int sent = 0;
                while (host.connections().stream().allMatch(io.simples.ws.WSConnection::isOpen) && sent < 2000) { // 125 MiB at most
                    host.broadcast(text);
                    sent++;
                    drain(reader);
                }
                assertTrue(sent < 2000, "the stuck client was never dropped");
                String line = lines.poll(20, TimeUnit.SECONDS); // the stuck client's: it closes first, unanswered after 5 s
                assertTrue(line != null && line.startsWith("1008 "), "the stuck client is closed with 1008: " + line);
                long accepted = Long.parseLong(line.substring(5));
                assertTrue(accepted <= (9L << 20), "the server took " + (accepted >> 10) + " KiB for the stuck client "
                        + "(the bound: 4 MiB queued, 4 MiB in the kernel, a frame and the write buffer's marks)");
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
