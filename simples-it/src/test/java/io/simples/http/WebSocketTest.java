package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
    void an_open_websocket_keeps_its_request_headers_but_those_of_the_handshake() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection -> connection.onMessage(message -> connection.send(
                    connection.headers().get(message.text()) + "|" + connection.cookies().get("theme"))));
            String host = "127.0.0.1:" + test.server.port();
            Client client = new Client();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Cookie", "theme=dark").header("X-Custom", "one").header("Origin", "http://" + host)
                    .buildAsync(URI.create("ws://" + host + "/echo?room=1"), client)
                    .get(10, TimeUnit.SECONDS);
            for (String[] asked : new String[][] {{"HOST", host}, {"origin", "http://" + host}, {"x-CUSTOM", "one"},
                    {"cookie", "theme=dark"}, {"Sec-WebSocket-Key", "null"}, {"Upgrade", "null"}, {"Connection", "null"},
                    {"Sec-WebSocket-Version", "null"}}) {
                client.socket.sendText(asked[0], true).get(5, TimeUnit.SECONDS);
                assertEquals("text:" + asked[1] + "|dark", client.next(), asked[0]);
            }
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

    @Test
    void messages_up_to_the_limit_pass_and_one_byte_more_closes_with_1009() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults().limit(64 * 1024), connection ->
                    connection.onMessage(message -> connection.send("got " + message.bytes().length)));
            Client client = Client.connect(test, "/echo");
            client.socket.sendText("x".repeat(64 * 1024), true).get(5, TimeUnit.SECONDS);
            assertEquals("text:got 65536", client.next());
            client.socket.sendText("x".repeat(64 * 1024 + 1), true);
            assertEquals("close:1009", client.next().substring(0, 10));
        }
    }

    @Test
    void a_fragmented_message_past_the_limit_closes_with_1009_before_it_is_whole() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults().limit(1000), connection ->
                    connection.onMessage(message -> connection.send("got " + message.bytes().length)));
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                assertTrue(raw.handshake.startsWith("HTTP/1.1 101"), raw.handshake);
                raw.send(false, 1, "a".repeat(600).getBytes(), true, 0);
                raw.send(false, 0, "b".repeat(600).getBytes(), true, 0);
                assertEquals(1009, raw.readCloseCode());
            }
        }
    }

    @Test
    void fragments_are_joined_and_pings_answered() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection ->
                    connection.onMessage(message -> connection.send("got " + message.text())));
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(false, 1, "hel".getBytes(), true, 0);
                raw.send(true, 9, "are you there".getBytes(), true, 0); // a ping between fragments
                RawWebSocket.Frame pong = raw.read();
                assertEquals(10, pong.opcode());
                assertEquals("are you there", pong.text());
                raw.send(false, 0, "lo ".getBytes(), true, 0);
                raw.send(true, 0, "world".getBytes(), true, 0);
                assertEquals("got hello world", raw.read().text());
            }
        }
    }

    @Test
    void invalid_utf8_closes_with_1007() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection -> connection.onMessage(m -> { }));
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(true, 1, new byte[]{(byte) 0xc3, (byte) 0x28}, true, 0);
                assertEquals(1007, raw.readCloseCode());
            }
        }
    }

    @Test
    void unmasked_frames_and_reserved_bits_close_with_1002() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults().compression(false), connection -> connection.onMessage(m -> { }));
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(true, 1, "unmasked".getBytes(), false, 0);
                assertEquals(1002, raw.readCloseCode());
            }
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(true, 1, "reserved".getBytes(), true, 2);
                assertEquals(1002, raw.readCloseCode());
            }
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(true, 3, "unknown opcode".getBytes(), true, 0);
                assertEquals(1002, raw.readCloseCode());
            }
        }
    }

    @Test
    void a_close_from_the_client_is_echoed_and_heard() throws Exception {
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            test.server.ws("echo", WSOptions.defaults(), connection ->
                    connection.onClose((code, reason) -> closes.add(code + " " + reason)));
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/echo")) {
                raw.send(true, 8, ByteBuffer.allocate(6).putShort((short) 4000).put("bye!".getBytes()).array(), true, 0);
                assertEquals(4000, raw.readCloseCode());
            }
            assertEquals("4000 bye!", closes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void an_open_listener_that_throws_closes_the_socket_with_1011_and_tells_the_error_listeners() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            io.simples.ws.WSHost broken = test.server.ws("broken", WSOptions.defaults(), connection -> {
                connection.onError(failure -> heard.add("error: " + failure.getMessage()));
                connection.onClose((code, reason) -> heard.add("close: " + code));
                throw new IllegalStateException("the open listener failed");
            });
            Client client = Client.connect(test, "/broken");
            assertEquals("close:1011:the server could not open this connection", client.next());
            assertEquals("error: the open listener failed", heard.poll(10, TimeUnit.SECONDS));
            assertEquals("close: 1011", heard.poll(10, TimeUnit.SECONDS));
            assertEquals(0, broken.connections().size(), "a socket whose opening failed joins no broadcast");
        }
    }

    @Test
    void a_silent_client_is_pinged_then_closed() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("quiet", WSOptions.defaults().timeout(java.time.Duration.ofSeconds(2)), connection -> { });
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/quiet")) {
                long start = System.nanoTime();
                assertEquals(9, raw.read().opcode(), "a ping after 2 s of silence");
                assertEquals(1001, raw.readCloseCode(), "closed when the next 2 s stay silent too");
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 3500 && waited < 8000, waited + " ms");
            }
        }
    }

    @Test
    void origins_are_checked_before_the_upgrade() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("own", WSOptions.defaults(), connection -> connection.send("welcome"));
            test.server.ws("listed", WSOptions.defaults().origins(List.of("https://app.example.com")),
                    connection -> connection.send("welcome"));
            int port = test.server.port();
            try (RawWebSocket foreign = new RawWebSocket(port, "/own", "Origin: https://evil.example\r\n")) {
                assertTrue(foreign.handshake.startsWith("HTTP/1.1 403"), foreign.handshake);
            }
            try (RawWebSocket same = new RawWebSocket(port, "/own", "Origin: http://127.0.0.1:" + port + "\r\n")) {
                assertTrue(same.handshake.startsWith("HTTP/1.1 101"), same.handshake);
                assertEquals("welcome", same.read().text());
            }
            try (RawWebSocket listed = new RawWebSocket(port, "/listed", "Origin: https://app.example.com\r\n")) {
                assertTrue(listed.handshake.startsWith("HTTP/1.1 101"), listed.handshake);
            }
            try (RawWebSocket unlisted = new RawWebSocket(port, "/listed", "Origin: https://other.example.com\r\n")) {
                assertTrue(unlisted.handshake.startsWith("HTTP/1.1 403"), unlisted.handshake);
            }
            // a list names the other origins trusted: the server's own pages are never refused
            try (RawWebSocket own = new RawWebSocket(port, "/listed", "Origin: http://127.0.0.1:" + port + "\r\n")) {
                assertTrue(own.handshake.startsWith("HTTP/1.1 101"), own.handshake);
                assertEquals("welcome", own.read().text());
            }
        }
    }

    @Test
    void the_subprotocol_is_chosen_from_what_the_client_offers() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("proto", WSOptions.defaults().protocols(List.of("chat.v2", "chat.v1")), connection ->
                    connection.send(connection.subprotocol() + " of " + connection.protocols()));
            Client client = Client.connect(test, "/proto", "chat.v1", "other");
            assertEquals("chat.v1", client.socket.getSubprotocol());
            assertEquals("text:chat.v1 of [chat.v1, other]", client.next());
        }
    }

    @Test
    void a_middleware_can_refuse_the_upgrade() throws Exception {
        try (TestServer test = new TestServer()) {
            Router secure = test.server.router("secure");
            secure.use((connection, next) -> {
                if (connection.query().containsKey("token")) {
                    next.run();
                } else {
                    connection.status(401).end("no token");
                }
            });
            secure.ws("socket", WSOptions.defaults(), connection -> connection.send("in " + connection.params()));
            try (RawWebSocket refused = new RawWebSocket(test.server.port(), "/secure/socket")) {
                assertTrue(refused.handshake.startsWith("HTTP/1.1 401"), refused.handshake);
            }
            Client client = Client.connect(test, "/secure/socket?token=1");
            assertEquals("text:in {}", client.next());
        }
    }

    @Test
    void the_request_view_and_parameters_reach_the_connection() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("rooms/:room", WSOptions.defaults(), connection -> connection.send(
                    connection.params().get("room") + " " + connection.query().get("name") + " " + connection.protocol()
                            + " " + connection.path()));
            Client client = Client.connect(test, "/rooms/lobby?name=ada");
            assertEquals("text:lobby ada ws /rooms/lobby", client.next());
        }
    }

    @Test
    void advanced_mode_speaks_events_replies_and_reports_bad_json() throws Exception {
        BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            test.server.ws("events", WSOptions.defaults().advanced(true), connection -> {
                connection.onError(errors::add);
                connection.on("add", data -> {
                    var numbers = (java.util.Map<?, ?>) data;
                    connection.send("sum", ((Number) numbers.get("a")).intValue() + ((Number) numbers.get("b")).intValue());
                });
                connection.send("hello", java.util.Map.of("name", "server"), answer ->
                        connection.send("thanks", answer));
            });
            Client client = Client.connect(test, "/events");
            // a send with a reply is an ask: numbered, a field the original clients ignore; their reply has no number
            assertEquals("text:{\"event\":\"hello\",\"data\":{\"name\":\"server\"},\"ask\":1}", client.next());
            client.socket.sendText("{\"event\":\"hello\",\"data\":\"hi back\"}", true).get(5, TimeUnit.SECONDS);
            assertEquals("text:{\"event\":\"thanks\",\"data\":\"hi back\"}", client.next());
            client.socket.sendText("{\"event\":\"add\",\"data\":{\"a\":2,\"b\":3}}", true).get(5, TimeUnit.SECONDS);
            assertEquals("text:{\"event\":\"sum\",\"data\":5}", client.next());
            client.socket.sendText("{broken", true).get(5, TimeUnit.SECONDS);
            Object error = errors.poll(10, TimeUnit.SECONDS);
            assertTrue(error instanceof IllegalArgumentException && ((Throwable) error).getMessage().contains("not JSON"),
                    String.valueOf(error));
            client.socket.sendText("{\"event\":\"add\",\"data\":{\"a\":1,\"b\":1}}", true).get(5, TimeUnit.SECONDS);
            assertEquals("text:{\"event\":\"sum\",\"data\":2}", client.next(), "still open after bad JSON");
        }
    }

    @Test
    void broadcasts_reach_every_connection_or_those_the_filter_accepts() throws Exception {
        try (TestServer test = new TestServer()) {
            var host = test.server.ws("news", WSOptions.defaults(), connection ->
                    connection.data().put("name", connection.query().get("name")));
            Client ada = Client.connect(test, "/news?name=ada");
            Client bob = Client.connect(test, "/news?name=bob");
            awaitConnections(host, 2);
            host.broadcast("to all");
            assertEquals("text:to all", ada.next());
            assertEquals("text:to all", bob.next());
            host.broadcast("only bob", c -> "bob".equals(c.data().get("name")));
            host.broadcast("event", java.util.Map.of("n", 1));
            assertEquals("text:only bob", bob.next());
            assertEquals("text:{\"event\":\"event\",\"data\":{\"n\":1}}", ada.next(), "ada got no 'only bob'");
            assertEquals("text:{\"event\":\"event\",\"data\":{\"n\":1}}", bob.next());
        }
    }

    @Test
    void channels_bind_unbind_broadcast_close_and_closed_connections_leave() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            var host = test.server.ws("rooms", WSOptions.defaults(), connection -> {
                var room = connection.endpoint().channel(connection.query().get("room"));
                room.bind(connection);
                connection.onMessage(message -> room.broadcast(message.text()));
            });
            var lobby = host.channel("lobby").onBind(c -> events.add("bind")).onUnbind(c -> events.add("unbind"))
                    .onBroadcast((event, data) -> events.add("broadcast " + data)).onClose(() -> events.add("close"));
            Client ada = Client.connect(test, "/rooms?room=lobby");
            Client bob = Client.connect(test, "/rooms?room=lobby");
            Client eve = Client.connect(test, "/rooms?room=kitchen");
            assertEquals("bind", events.poll(10, TimeUnit.SECONDS));
            assertEquals("bind", events.poll(10, TimeUnit.SECONDS));
            awaitConnections(host, 3);
            ada.socket.sendText("hi lobby", true);
            assertEquals("text:hi lobby", ada.next());
            assertEquals("text:hi lobby", bob.next());
            assertEquals("broadcast hi lobby", events.poll(10, TimeUnit.SECONDS));
            assertEquals(null, eve.received.poll(300, TimeUnit.MILLISECONDS), "eve is in another room");

            bob.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            assertEquals("unbind", events.poll(10, TimeUnit.SECONDS), "a closed connection leaves its channels");
            assertEquals(1, lobby.connections().size());
            lobby.close();
            assertEquals("unbind", events.poll(10, TimeUnit.SECONDS));
            assertEquals("close", events.poll(10, TimeUnit.SECONDS));
            assertTrue(host.channel("lobby") != lobby, "a closed channel's name makes a new one");
        }
    }

    @Test
    void stopping_the_server_closes_websockets_with_1001() throws Exception {
        TestServer test = new TestServer();
        test.server.ws("echo", WSOptions.defaults(), connection -> connection.send("open"));
        Client client = Client.connect(test, "/echo");
        assertEquals("text:open", client.next());
        test.server.stop();
        assertEquals("close:1001:server stopping", client.next());
    }

    @Test
    void a_blocking_listener_stalls_only_its_own_connection() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (TestServer test = new TestServer()) {
            test.server.ws("work", WSOptions.defaults(), connection -> connection.onMessage(message -> {
                if (message.text().equals("block")) {
                    release.await(30, TimeUnit.SECONDS);
                }
                connection.send("done " + message.text());
            }));
            Client slow = Client.connect(test, "/work");
            Client fast = Client.connect(test, "/work");
            slow.socket.sendText("block", true);
            slow.socket.sendText("after", true);
            fast.socket.sendText("quick", true);
            assertEquals("text:done quick", fast.next());
            assertEquals(null, slow.received.poll(200, TimeUnit.MILLISECONDS), "the slow one is still blocked");
            release.countDown();
            assertEquals("text:done block", slow.next());
            assertEquals("text:done after", slow.next(), "its messages keep their order");
        }
    }

    @Test
    void permessage_deflate_is_negotiated_when_offered() throws Exception {
        try (TestServer test = new TestServer()) {
            test.server.ws("z", WSOptions.defaults(), connection -> connection.send("x".repeat(1000)));
            test.server.ws("plain", WSOptions.defaults().compression(false), connection -> connection.send("hi"));
            String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/z", offer)) {
                assertTrue(raw.handshake.toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), raw.handshake);
                RawWebSocket.Frame frame = raw.read();
                assertTrue(frame.payload().length < 100, "compressed: " + frame.payload().length + " bytes");
            }
            try (RawWebSocket raw = new RawWebSocket(test.server.port(), "/plain", offer)) {
                assertTrue(!raw.handshake.toLowerCase().contains("permessage-deflate"), raw.handshake);
                assertEquals("hi", raw.read().text());
            }
        }
    }

    @Test
    void a_websocket_writes_access_logs_in_its_own_format() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (TestServer test = new TestServer()) {
            test.server.ws("logged", WSOptions.defaults(), connection -> {
                connection.log(io.simples.core.LoggerOptions.defaults().sink(lines::add));
                connection.log(io.simples.core.LoggerOptions.defaults().format("%protocol %path %ip").sink(lines::add));
            });
            Client.connect(test, "/logged?x=1");
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertTrue(line != null && line.matches("\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d ws ws://127\\.0\\.0\\.1:\\d+/logged\\?x=1"),
                    String.valueOf(line));
            assertEquals("ws /logged 127.0.0.1", lines.poll(10, TimeUnit.SECONDS));
        }
    }

    static void awaitConnections(io.simples.ws.WSHost host, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (host.connections().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, host.connections().size());
    }
}
