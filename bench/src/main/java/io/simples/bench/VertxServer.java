package io.simples.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints of {@link NettyServer} on Vert.x Web 5 with its defaults, as its documentation
 * writes them: the peer a user would pick instead of us, as a second baseline.
 * {@code java -cp simples-bench.jar io.simples.bench.VertxServer PORT [native]}: {@code native} turns on its
 * {@code preferNativeTransport} (epoll; off by default, when Vert.x uses NIO).
 */
public final class VertxServer {

    private VertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        boolean nativeTransport = java.util.Arrays.asList(args).contains("native");
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
        Router router = Router.router(vertx);
        router.get("/plaintext").handler(c -> c.response().putHeader("content-type", "text/plain").end("Hello, World!"));
        router.get("/json").handler(c -> c.json(new JsonObject().put("message", "Hello, World!")));
        for (int i = 0; i < 50; i++) {
            router.get("/fixed" + i + "/list").handler(c -> c.end("other"));
            router.get("/items" + i + "/:id").handler(c -> c.end("other"));
        }
        router.get("/users/:id").handler(c -> c.response().putHeader("content-type", "text/plain").end(c.pathParam("id")));
        router.route("/session").handler(SessionHandler.create(LocalSessionStore.create(vertx)));
        router.get("/session").handler(c -> {
            Integer count = c.session().get("count");
            int next = count == null ? 1 : count + 1;
            c.session().put("count", next);
            c.response().putHeader("content-type", "text/plain").end(String.valueOf(next));
        });

        Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
        router.get("/broadcast").handler(c -> {
            String text = c.queryParams().get("text") == null ? "broadcast" : c.queryParams().get("text");
            sockets.forEach(socket -> socket.writeTextMessage(text));
            c.response().putHeader("content-type", "text/plain").end(String.valueOf(sockets.size()));
        });
        router.get("/connections").handler(c -> c.end(String.valueOf(sockets.size())));
        router.get("/heap").handler(c -> c.end(String.valueOf(Heap.usedAfterGc())));
        router.get("/allocated").handler(c -> c.end(String.valueOf(Allocation.total())));

        HttpServer server = vertx.createHttpServer().requestHandler(router).webSocketHandler(socket -> {
            if (!socket.path().equals("/echo")) {
                socket.close();
                return;
            }
            sockets.add(socket);
            socket.closeHandler(closed -> sockets.remove(socket));
            socket.textMessageHandler(socket::writeTextMessage);
            socket.binaryMessageHandler(socket::writeBinaryMessage);
        });
        server.listen(port).toCompletionStage().toCompletableFuture().join();
        System.out.println("Vert.x Web on port " + port + (vertx.isNativeTransportEnabled() ? " (native transport)" : " (NIO)"));
    }
}
