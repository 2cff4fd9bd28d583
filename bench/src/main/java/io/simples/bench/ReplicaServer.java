package io.simples.bench;

import io.simples.http.Server;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.session.RedisStore;
import java.time.Duration;

/**
 * The server of {@code bench/replicas.sh}: {@code ReplicaServer PORT REDIS_URI REPLICAS}. Sessions
 * in Redis, each save waiting for {@code REPLICAS} replicas ({@code RedisStore.replicas}; 0: off).
 * {@code GET /login} makes a session; {@code GET /touch} writes a new value into it, so every
 * request saves.
 */
public final class ReplicaServer {

    private ReplicaServer() {
    }

    public static void main(String[] args) {
        int replicas = Integer.parseInt(args[2]);
        RedisStore store = RedisStore.connect(args[1], "simples:bench:replicas:");
        if (replicas > 0) {
            store.replicas(replicas, Duration.ofMillis(500));
        }
        Server server = Simples.server(Integer.parseInt(args[0]));
        server.session(new SessionOptions(c -> true, store, Duration.ofHours(1)));
        server.get("/login", c -> {
            c.session().put("t", 0L);
            c.end("in");
        });
        server.get("/touch", c -> {
            c.session().put("t", System.nanoTime());
            c.end("ok");
        });
        server.start();
    }
}
