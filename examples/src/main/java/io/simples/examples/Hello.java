package io.simples.examples;

import io.simples.core.LoggerOptions;
import io.simples.http.Server;
import io.simples.http.Simples;
import java.util.Map;

/**
 * The smallest useful application: a few routes, a parameter, JSON, a custom 404, access logs.
 * Run it with {@code mvn -B -ntp -q -pl examples -am test-compile exec:java}, then open
 * http://localhost:8080/ (the port comes from the PORT variable when set).
 */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        System.out.println("Listening on http://localhost:" + server.port() + "/");
    }

    /** Starts the application on {@code port} (0: an ephemeral one). */
    public static Server start(int port) {
        Server server = Simples.server(port);

        server.logger(LoggerOptions.defaults().enabled(true).format("%method %path %status"));

        server.get("/", connection -> connection.type("html").end("<h1>Hello from simpleS</h1>"));

        server.get("/users/:id", connection ->
                connection.send(Map.of("id", connection.params().get("id"), "name", "user " + connection.params().get("id"))));

        server.post("/echo", connection -> connection.type("txt").end(connection.body().text()));

        server.error(404, connection -> connection.type("txt").end("Nothing at " + connection.path()));
        return server;
    }
}
