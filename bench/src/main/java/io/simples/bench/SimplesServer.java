package io.simples.bench;

import io.simples.http.Router;
import io.simples.http.Server;
import io.simples.http.Limits;
import io.simples.http.ServerOptions;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.session.MemoryStore;
import io.simples.ws.WSHost;
import io.simples.ws.WSOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The framework's benchmark application: the endpoints of {@link NettyServer}, written as a
 * user would. {@code java -cp simples-bench.jar io.simples.bench.SimplesServer PORT [loop|virtual] [h2c]}:
 * {@code loop} runs listeners on the event loop, {@code virtual} (the default) on handler threads;
 * {@code h2c} turns cleartext HTTP/2 on (prior knowledge, for h2load).
 */
public final class SimplesServer {

    private SimplesServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        boolean loop = args.length > 1 && args[1].equals("loop");
        boolean h2c = java.util.Arrays.asList(args).contains("h2c");
        // the broadcast figure holds 10 000 idle WebSockets beside the load clients: past the default cap
        Server server = Simples.server(ServerOptions.defaults().port(port).eventLoopHandlers(loop)
                .limits(Limits.defaults().connections(1_000_000))
                .http2(io.simples.http.Http2Options.defaults().cleartext(h2c)));

        if (Boolean.getBoolean("simples.bench.metrics")) { // METRICS=1 in run.sh: what metrics cost
            server.metrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }

        server.get("/plaintext", c -> c.type("txt").end("Hello, World!"));
        server.get("/json", c -> c.send(Map.of("message", "Hello, World!")));
        for (int i = 0; i < 50; i++) {
            server.get("/fixed" + i + "/list", c -> c.end("other"));
            server.get("/items" + i + "/:id", c -> c.end("other"));
        }
        server.get("/users/:id", c -> c.type("txt").end(c.params().get("id")));

        Router session = server.router("session");
        session.session(new SessionOptions(c -> true, new MemoryStore(), Duration.ofHours(1)));
        session.get("/", c -> c.type("txt").end(String.valueOf(c.session().merge("count", 1, (a, b) -> (Integer) a + (Integer) b))));

        WSHost echo = server.ws("echo", WSOptions.defaults().compression(false).timeout(Duration.ZERO), c ->
                c.onMessage(message -> {
                    if (message.isText()) {
                        c.send(message.text());
                    } else {
                        c.send(message.bytes());
                    }
                }));
        // advanced mode: an event echoed as an event, and an ask answered (bench/ask.sh compares them with /echo)
        WSOptions advanced = WSOptions.defaults().advanced(true).compression(false).timeout(Duration.ZERO);
        server.ws("events", advanced, c -> c.on("echo", data -> c.send("echo", data)));
        server.ws("asks", advanced, c -> c.onAsk("echo", data -> data));
        server.get("/broadcast", c -> {
            echo.broadcast(c.query().getOrDefault("text", "broadcast"));
            c.type("txt").end(String.valueOf(echo.connections().size()));
        });
        server.get("/connections", c -> c.type("txt").end(String.valueOf(echo.connections().size())));
        server.get("/heap", c -> c.type("txt").end(String.valueOf(Heap.usedAfterGc())));
        server.get("/allocated", c -> c.type("txt").end(String.valueOf(Allocation.total())));
        System.out.println("simpleS (" + (loop ? "event-loop" : "handler-thread") + " listeners) on port " + server.port());
    }
}
