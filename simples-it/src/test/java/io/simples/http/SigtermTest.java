package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.session.ChildJvm;
import io.simples.session.FileStore;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.session.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process sent SIGTERM while a WebSocket that set a value in its session is open,
 * as {@code docker stop} or Kubernetes do: the value is in the store afterwards, 20 times of 20,
 * for a {@link FileStore} and a {@link RedisStore}.
 */
@Timeout(300)
class SigtermTest {

    static final int RUNS = 20;

    @TempDir
    Path directory;

    /** The child process: a server with sessions in the store its argument names; prints its port. */
    public static final class Child {
        public static void main(String[] args) {
            Store store = args[0].startsWith("redis://") ? RedisStore.connect(args[0], args[1]) : new FileStore(Path.of(args[0]));
            TestServer test = SharedSessionTest.app(Protocol.HTTP_1_1, store);
            System.out.println("PORT " + test.server.port());
            System.out.flush();
        }
    }

    @Test
    void a_file_store_gets_what_open_websockets_hold() throws Exception {
        try (FileStore store = new FileStore(directory)) {
            for (int run = 0; run < RUNS; run++) {
                sigtermWithAnOpenSocket(store, List.of(directory.toString(), ""), run);
            }
        }
    }

    @Test
    void a_redis_store_gets_what_open_websockets_hold() throws Exception {
        String uri = SharedRedis.URI;
        String prefix = "simples:test:" + UUID.randomUUID() + ":";
        try (RedisStore store = SharedRedis.connect(prefix)) {
            for (int run = 0; run < RUNS; run++) {
                sigtermWithAnOpenSocket(store, List.of(uri, prefix), run);
            }
        }
    }

    private void sigtermWithAnOpenSocket(Store store, List<String> storeArgs, int run) throws Exception {
        Process child = start(storeArgs);
        try {
            int port = port(child);
            HttpClient http = HttpClient.newHttpClient();
            String cookie = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/name/first"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            WebSocketTest.Client socket = new WebSocketTest.Client();
            socket.socket = http.newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket"), socket).get(10, TimeUnit.SECONDS);
            assertEquals("text:set", SharedSessionTest.ask(socket, "set before-sigterm-" + run));
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the server process ended within 20 s");
            String id = cookie.substring(cookie.indexOf('=') + 1);
            assertEquals("before-sigterm-" + run, SessionDurabilityTest.stored(store, id).get("name"), "run " + run);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process start(List<String> storeArgs) throws IOException {
        return ChildJvm.start(Child.class.getName(), Map.of(), storeArgs.get(0), storeArgs.get(1));
    }

    /** Reads the child's output until it names its port. */
    private static int port(Process child) throws Exception {
        return ChildJvm.awaitLine(child, line -> line.startsWith("PORT ") ? Integer.parseInt(line.substring(5).trim()) : null);
    }
}
