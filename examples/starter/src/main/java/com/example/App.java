package com.example;

import io.simples.http.Server;
import io.simples.http.SessionOptions;
import io.simples.http.Simples;
import io.simples.http.StaticOptions;
import io.simples.session.Session;
import io.simples.ws.WSOptions;
import java.nio.file.Path;
import java.util.Map;

/** Your application: its routes in {@link #routes}, started on a port by {@link #main}, in its tests by the test kit. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        System.out.println("Listening on http://localhost:" + server.port() + "/ (Ctrl-C stops it)");
    }

    /** Starts the application on {@code port} (0: any free port). */
    public static Server start(int port) {
        return routes(Simples.server(port));                         // listening when this returns
    }

    /** The application's routes and options, on {@code server}: a started one, or the test kit's. */
    public static Server routes(Server server) {
        server.session(SessionOptions.defaults().enabled(true));     // one session per user, in memory
        server.staticFiles(StaticOptions.of(Path.of("public")));     // ./public/index.html at "/"

        server.get("/hello/:name", c -> c.send(Map.of("hello", c.params().get("name"))));   // JSON

        server.post("/name", c -> {                                  // a form: name=Ada
            String name = c.body().form().field("name");
            if (name == null || name.isBlank()) {
                c.status(400).end("a name, please");                 // text/plain unless you say otherwise
                return;
            }
            c.session().put("name", name.trim());                    // the session's cookie goes with this answer
            c.redirect("/");
        });

        server.get("/me", c -> c.send(Map.of("name", c.session().getOrDefault("name", "nobody"))));

        server.ws("/chat", WSOptions.defaults(), socket -> {          // the same session over a WebSocket
            Session session = socket.session();
            socket.onMessage(message -> socket.send(session.getOrDefault("name", "nobody") + ": " + message.text()));
        });
        server.error(404, c -> c.end("Nothing at " + c.path()));
        return server;
    }
}
