package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.session.MemoryStore;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.session.Store;
import io.simples.ws.WSOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One user whose requests alternate between two servers on one store (a load balancer without
 * sticky sessions), each request adding one to a counter in the session: every answer must be
 * the next number, also while one server holds the session live — an open WebSocket, a listener
 * still working after it ended its response. For Redis each server has its own connection, as two
 * processes would.
 */
@Timeout(180)
class CoherenceTest {

    static final int REQUESTS = 500;
    static final int NO_SOCKET = 0;
    static final int SOCKET_ON_FIRST = 1;
    static final int SOCKET_ON_SECOND = 2;
    private final HttpClient client = HttpClient.newHttpClient();

    /** The counter, with a listener that goes on for {@code linger} ms after it answered. */
    private static Server server(Store store, long linger) {
        Server server = Simples.server(ServerOptions.defaults().port(0));
        server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
        server.get("/inc", c -> {
            int next = ((Number) c.session().getOrDefault("n", 0)).intValue() + 1;
            c.session().put("n", next);
            c.end(String.valueOf(next));
            if (linger > 0) {
                Thread.sleep(linger); // the README allows work after the response: the session stays held
            }
        });
        server.ws("live", WSOptions.defaults(), c -> { });
        return server;
    }

    @Test
    void two_servers_on_one_memory_store() throws Exception {
        try (MemoryStore store = new MemoryStore()) {
            alternate(() -> store, () -> store, 0, NO_SOCKET);
            alternate(() -> store, () -> store, 0, SOCKET_ON_FIRST);
            alternate(() -> store, () -> store, 0, SOCKET_ON_SECOND);
            alternate(() -> store, () -> store, 20, NO_SOCKET);
        }
    }

    @Test
    void two_processes_on_one_redis() throws Exception {
        String prefix = "simples:test:" + UUID.randomUUID() + ":";
        Supplier<Store> connect = () -> SharedRedis.connect(prefix);
        SharedRedis.connect(prefix).close(); // skips (or fails in CI) without Redis
        alternate(connect, connect, 0, NO_SOCKET);
        alternate(connect, connect, 0, SOCKET_ON_FIRST);
        alternate(connect, connect, 0, SOCKET_ON_SECOND);
        alternate(connect, connect, 20, NO_SOCKET);
    }

    private void alternate(Supplier<Store> first, Supplier<Store> second, long linger, int socketOn)
            throws Exception {
        Store one = first.get();
        Store two = second.get();
        Server a = server(one, linger);
        Server b = server(two, linger);
        WebSocket socket = null;
        try {
            HttpResponse<String> opening = get(a, null);
            assertEquals("1", opening.body());
            String cookie = opening.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            if (socketOn != NO_SOCKET) { // that server holds the session live for the whole run
                Server holder = socketOn == SOCKET_ON_FIRST ? a : b;
                socket = client.newWebSocketBuilder().header("Cookie", cookie)
                        .buildAsync(URI.create("ws://127.0.0.1:" + holder.port() + "/live"), new WebSocket.Listener() { })
                        .get(10, TimeUnit.SECONDS);
            }
            String mode = (linger > 0 ? "listeners working " + linger + " ms after answering" : "plain")
                    + (socketOn == NO_SOCKET ? "" : ", a WebSocket open on server " + socketOn);
            for (int i = 2; i <= REQUESTS; i++) {
                Server next = i % 2 == 0 ? b : a;
                assertEquals(String.valueOf(i), get(next, cookie).body(), mode + ": request " + i);
            }
        } finally {
            if (socket != null) {
                socket.abort();
            }
            for (Server server : List.of(a, b)) {
                server.stop();
            }
            if (one instanceof RedisStore redis) {
                redis.close();
            }
            if (two != one && two instanceof RedisStore redis) {
                redis.close();
            }
        }
    }

    private HttpResponse<String> get(Server server, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/inc"))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
