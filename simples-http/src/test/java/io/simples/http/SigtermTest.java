package io.simples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.session.FileStore;
import io.simples.session.RedisStore;
import io.simples.session.SharedRedis;
import io.simples.session.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
            TestServer test = SharedSessionTest.app(store);
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
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath,
                Child.class.getName(), storeArgs.get(0), storeArgs.get(1))
                .redirectErrorStream(true).start();
    }

    /** Reads the child's output until it names its port, then keeps draining it. */
    private static int port(Process child) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("PORT ")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
            } catch (IOException ended) {
                // the child is gone
            }
            port.completeExceptionally(new AssertionError("the child ended without a port:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        return port.get(30, TimeUnit.SECONDS);
    }
}
