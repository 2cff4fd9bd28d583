package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.http.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class HelloTest {

    @Test
    void the_hello_example_answers_its_routes() throws Exception {
        Server server = Hello.start(0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("<h1>Hello from simpleS</h1>", home.body());
            HttpResponse<String> user = client.send(HttpRequest.newBuilder(URI.create(base + "/users/7")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonMapper json = JsonMapper.builder().build();
            assertEquals(json.readTree("{\"id\":\"7\",\"name\":\"user 7\"}"), json.readTree(user.body()));
            assertEquals("application/json;charset=utf-8", user.headers().firstValue("content-type").orElse(""));
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("ping")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("ping", echo.body());
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals("Nothing at /nope", missing.body());
        } finally {
            server.stop();
        }
    }
}
