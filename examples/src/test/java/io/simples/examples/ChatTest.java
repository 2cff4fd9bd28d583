package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import io.simples.session.FileStore;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChatTest {

    final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    String page(Server server) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void with_a_file_store_a_restart_keeps_the_user_logged_in(@TempDir Path sessions) throws Exception {
        Server first = Chat.start(0, new FileStore(sessions));
        try {
            assertTrue(page(first).contains("id=\"login\""));
            HttpResponse<String> health = browser.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + first.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"store\":{\"status\":\"UP\",\"type\":\"FileStore\""), health.body());
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + first.port() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=ada")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains("id=\"say\""), "the chat page after the redirect");
        } finally {
            first.stop();
        }
        Server second = Chat.start(0, new FileStore(sessions));
        try {
            assertTrue(page(second).contains("id=\"say\""), "still logged in after the restart");
        } finally {
            second.stop();
        }
    }

    @Test
    void an_empty_name_is_refused_and_a_body_that_is_not_a_form_too() throws Exception {
        Server server = Chat.start(0, new io.simples.session.MemoryStore());
        try {
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=+")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, login.statusCode());
            HttpResponse<String> json = browser.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ada\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(415, json.statusCode());
        } finally {
            server.stop();
        }
    }
}
