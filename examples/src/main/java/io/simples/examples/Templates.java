package io.simples.examples;

import io.simples.http.Server;
import io.simples.http.Simples;
import java.util.List;
import java.util.Map;

/**
 * Views with a template engine: Mustache.java behind the {@code TemplateEngine} hook, a view
 * route and {@code connection.render}. Run it with
 * {@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.Templates}.
 */
public final class Templates {

    private Templates() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        System.out.println("Try http://localhost:" + server.port() + "/hello/ada");
    }

    public static Server start(int port) {
        Server server = Simples.server(port);
        server.engine(new MustacheEngine("views"));
        server.get("/hello/:name", server.view("greeting", c ->
                Map.of("name", c.params().get("name"), "items", List.of("routes", "views", "sessions"))));
        server.get("/", c -> c.render("greeting", Map.of("name", "world", "items", List.of())));
        return server;
    }
}
