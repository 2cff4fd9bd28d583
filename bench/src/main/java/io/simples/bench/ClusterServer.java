package io.simples.bench;

import io.simples.core.Cluster;
import io.simples.http.Limits;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.session.MemoryStore;
import io.simples.session.RedisStore;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server of the cluster benchmark ({@code bench/cluster.sh}):
 * {@code java -cp simples-bench.jar io.simples.bench.ClusterServer PORT REDIS_URI|none}. With a
 * Redis URI it is a member of the cluster {@code simples-bench} and keeps sessions there; with
 * {@code none} it is alone (the single-process baseline).
 * <ul>
 *   <li>{@code /echo}: idle WebSockets, each told {@code v=<value>} when its session changes;</li>
 *   <li>{@code GET /broadcast?text=T}: one broadcast to every connection of the cluster;</li>
 *   <li>{@code GET /flood?count=N&text=T[&channel=C]}: N broadcasts in a row (to channel C: to no
 *       connection, when nobody is bound to it, which leaves the bus's own cost);</li>
 *   <li>{@code GET /received}, {@code GET /dropped}: messages this process's bus received, and dropped, so far;</li>
 *   <li>{@code GET /login}, {@code POST /set?v=V}: a session, and a value written to it;</li>
 *   <li>{@code GET /member?n=N}: a session shown as member {@code N}; {@code /rooms}: a WebSocket
 *       whose session joins the channel {@code lobby}, which keeps presence; {@code GET /joins}:
 *       when this process's join listener heard each member ({@code System.nanoTime()}, one clock
 *       for every process of the machine), as JSON (bench/presence.sh).</li>
 * </ul>
 */
public final class ClusterServer {

    private ClusterServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String redis = args[1];
        boolean alone = redis.equals("none");
        Server server = Simples.server(ServerOptions.defaults().port(port)
                .limits(Limits.defaults().connections(1_000_000)));
        server.session(SessionOptions.defaults().enabled(true).timeout(Duration.ofHours(1))
                .store(alone ? new MemoryStore() : RedisStore.connect(redis, "simples:bench:")));
        Cluster cluster = alone ? Cluster.local() : Cluster.redis(redis, "simples-bench");
        if (!alone) {
            server.cluster(cluster);
        }
        WSHost echo = server.ws("echo", WSOptions.defaults().compression(false).timeout(Duration.ZERO), c -> {
            if (c.hasSession()) {
                c.onSessionChange(keys -> c.send("v=" + c.session().get("v")));
            }
        });
        server.get("/broadcast", c -> {
            echo.broadcast(c.query().getOrDefault("text", "broadcast"));
            c.type("txt").end(String.valueOf(echo.connections().size()));
        });
        server.get("/flood", c -> {
            int count = Integer.parseInt(c.query().get("count"));
            String text = c.query().getOrDefault("text", "flood");
            String channel = c.query().get("channel");
            for (int i = 0; i < count; i++) {
                if (channel == null) {
                    echo.broadcast(text);
                } else {
                    echo.channel(channel).broadcast(text);
                }
            }
            c.type("txt").end(String.valueOf(count));
        });
        WSHost rooms = server.ws("rooms", WSOptions.defaults().compression(false).timeout(Duration.ZERO),
                c -> c.endpoint().channel("lobby").bind(c));
        rooms.presence(session -> Map.of("n", String.valueOf(session.get("n"))));
        Map<String, Long> joined = new ConcurrentHashMap<>();
        rooms.channel("lobby").onJoin(fields -> joined.put((String) fields.get("n"), System.nanoTime()));
        server.get("/member", c -> {
            c.session().put("n", c.query().get("n"));
            c.type("txt").end("in");
        });
        server.get("/joins", c -> c.send(joined));
        server.get("/received", c -> c.type("txt").end(String.valueOf(cluster.stats().received())));
        server.get("/dropped", c -> c.type("txt").end(String.valueOf(cluster.stats().dropped())));
        server.get("/servers", c -> c.type("txt").end(String.valueOf(cluster.servers())));
        server.get("/connections", c -> c.type("txt").end(String.valueOf(echo.connections().size())));
        server.get("/login", c -> {
            c.session().put("v", "0");
            c.type("txt").end("in");
        });
        server.post("/set", c -> {
            c.session().put("v", c.query().get("v"));
            c.type("txt").end("set");
        });
        System.out.println("cluster server (" + (alone ? "alone" : "member") + ") on port " + server.port());
    }
}
