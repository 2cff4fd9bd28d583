package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.internal.SessionWiring;
import io.simples.session.FileStore;
import io.simples.session.Store;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a WebSocket sets in its session is in the store by the time the client or the operator
 * can tell the connection is over: when {@code stop()} returns, and when the client has seen the
 * server's close frame. Each runs many times on a {@link FileStore}, whose writes take long
 * enough to lose a race.
 */
@Timeout(120)
class SessionDurabilityTest {

    static final int TRIALS = 25;

    @TempDir
    Path directory;

    @Test
    void when_stop_returns_every_value_an_open_websocket_set_is_in_the_store() throws Exception {
        try (FileStore store = new FileStore(directory)) {
            for (int trial = 0; trial < TRIALS; trial++) {
                String cookie;
                try (TestServer test = SharedSessionTest.app(Protocol.HTTP_1_1, store)) {
                    cookie = SharedSessionTest.login(test);
                    WebSocketTest.Client socket = SharedSessionTest.socket(test, cookie);
                    assertEquals("text:set", SharedSessionTest.ask(socket, "set from-socket-" + trial));
                    test.server.stop(); // with the socket open: the JDK client answers its close at once
                }
                String id = cookie.substring(cookie.indexOf('=') + 1);
                assertEquals("from-socket-" + trial, stored(store, id).get("name"), "trial " + trial);
            }
        }
    }

    @Test
    void when_the_client_sees_the_close_the_value_its_websocket_set_is_in_the_store() throws Exception {
        try (FileStore store = new FileStore(directory); TestServer test = SharedSessionTest.app(Protocol.HTTP_1_1, store)) {
            for (int trial = 0; trial < TRIALS * 2; trial++) {
                try (RawWebSocket socket = new RawWebSocket(test.server.port(), "/socket")) {
                    String id = sessionId(socket.handshake);
                    socket.sendText("set closing-" + trial);
                    assertEquals("set", socket.read().text());
                    socket.send(true, 8, new byte[]{0x03, (byte) 0xe8}, true, 0); // close 1000
                    assertEquals(1000, socket.readCloseCode());
                    // the client has its close: another process reading now must find the value
                    assertEquals("closing-" + trial, stored(store, id).get("name"), "trial " + trial);
                }
            }
        }
    }

    static String sessionId(String handshake) {
        Matcher cookie = Pattern.compile("(?i)set-cookie: " + SessionWiring.COOKIE + "=([0-9a-f]{32})").matcher(handshake);
        assertTrue(cookie.find(), "the 101 names the session: " + handshake);
        return cookie.group(1);
    }

    static Map<String, Object> stored(Store store, String id) throws Exception {
        Map<String, Object> data = store.get(id).get(10, TimeUnit.SECONDS);
        return data == null ? Map.of() : data;
    }
}
