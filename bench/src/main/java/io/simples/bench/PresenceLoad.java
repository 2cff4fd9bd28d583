package io.simples.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The presence load of {@code bench/presence.sh}:
 * {@code PresenceLoad MEMBERS PORT PORT PORT}. Member {@code i} logs in on the server
 * {@code i % 3} and opens a WebSocket there, which joins the lobby; once every server's join
 * listener has heard every member, prints how long after its own server each other server heard
 * each join: {@code members=N p50_ms=A p99_ms=B max_ms=C}.
 */
public final class PresenceLoad {

    private PresenceLoad() {
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.parseInt(args[0]);
        int[] ports = {Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])};
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            int port = ports[i % 3];
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/member?n=" + i))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            sockets.add(http.newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/rooms"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS));
        }
        List<Map<String, Long>> heard = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int port : ports) {
            Map<String, Long> joins;
            do {
                joins = JsonMapper.builder().build().readValue(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/joins")).build(), HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<Map<String, Long>>() { });
                if (joins.size() < members) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("port " + port + " heard " + joins.size() + " of " + members + " joins");
                    }
                    Thread.sleep(100); // a poll of another process's state: nothing here to await
                }
            } while (joins.size() < members);
            heard.add(joins);
        }
        long[] delays = new long[members * 2];
        int next = 0;
        for (int i = 0; i < members; i++) {
            String member = String.valueOf(i);
            long own = heard.get(i % 3).get(member);
            for (int server = 0; server < 3; server++) {
                if (server != i % 3) {
                    delays[next++] = heard.get(server).get(member) - own;
                }
            }
        }
        Arrays.sort(delays);
        System.out.printf("members=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", members, delays[delays.length / 2] / 1e6,
                delays[(int) (delays.length * 0.99)] / 1e6, delays[delays.length - 1] / 1e6);
        sockets.forEach(socket -> socket.abort());
        System.exit(0);
    }
}
