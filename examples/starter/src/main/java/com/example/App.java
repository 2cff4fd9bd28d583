package com.example;

import io.simples.http.Server;
import io.simples.http.Simples;
import java.util.Map;

/** Your application: its routes in {@link #start}, started by {@link #main}. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        System.out.println("Listening on http://localhost:" + server.port() + "/");
    }

    /** Starts the application on {@code port} (0: any free port, for tests). */
    public static Server start(int port) {
        Server server = Simples.server(port);
        server.get("/", c -> c.end("Hello from your own project"));
        server.get("/hello/:name", c -> c.send(Map.of("hello", c.params().get("name"))));
        return server;
    }
}
