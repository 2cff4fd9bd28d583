package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.ClientResponse;
import io.simples.session.FileStore;
import io.simples.session.MemoryStore;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.ws.ClientConnection;
import io.simples.ws.WSOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChatTest {

    @Test
    void with_a_file_store_a_restart_keeps_the_user_logged_in(@TempDir Path sessions) {
        String cookie;
        try (TestApp first = SimplesTest.start(Chat.start(0, new FileStore(sessions)))) {
            assertTrue(await(first.get("/").send()).text().contains("id=\"login\""));
            ClientResponse health = await(first.get("/health").send());
            assertEquals(200, health.status(), health.text());
            assertTrue(health.text().contains("\"store\":{\"status\":\"UP\",\"type\":\"FileStore\""), health.text());
            ClientResponse login = await(first.post("/login").form(Map.of("name", "ada")).send());
            assertEquals(302, login.status());
            assertTrue(await(first.get("/").send()).text().contains("id=\"say\""), "the chat page after the login");
            // a browser keeps its cookie across the restart: the session's, as the login's answer set it
            assertEquals(1, login.cookies().size(), login.headers().toString());
            cookie = login.cookies().entrySet().iterator().next().toString();
        }
        try (TestApp second = SimplesTest.start(Chat.start(0, new FileStore(sessions)))) {
            ClientResponse page = await(second.get("/").header("Cookie", cookie).send());
            assertTrue(page.text().contains("id=\"say\""), "still logged in after the restart");
        }
    }

    @Test
    void an_empty_name_is_refused_and_a_body_that_is_not_a_form_too() {
        try (TestApp app = SimplesTest.start(Chat.start(0, new MemoryStore()))) {
            assertEquals(400, await(app.post("/login").form(Map.of("name", " ")).send()).status());
            assertEquals(415, await(app.post("/login").json(Map.of("name", "ada")).send()).status());
        }
    }

    @Test
    void a_user_logged_in_over_http_joins_the_lobby_over_the_websocket_under_the_session_name() throws Exception {
        try (TestApp app = SimplesTest.start(Chat.start(0, new MemoryStore()))) {
            assertEquals(302, await(app.post("/login").form(Map.of("name", "ada")).send()).status());
            BlockingQueue<Object> joined = new LinkedBlockingQueue<>();
            ClientConnection socket = app.ws("/chat", WSOptions.defaults().advanced(true)).on("joined", joined::add);
            await(socket.open());
            assertEquals(Map.of("room", "lobby", "name", "ada"), joined.poll(10, TimeUnit.SECONDS));
            socket.close();
            await(socket.closed());
        }
    }
}
