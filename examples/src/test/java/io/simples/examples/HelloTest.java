package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.client.ClientResponse;
import io.simples.test.SimplesExtension;
import io.simples.test.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class HelloTest {

    @RegisterExtension
    static final SimplesExtension hello = SimplesExtension.of(() -> Hello.start(0));

    @Test
    void the_hello_example_answers_its_routes(TestApp app) {
        assertEquals("<h1>Hello from simpleS</h1>", await(app.get("/").send()).text());
        ClientResponse user = await(app.get("/users/7").send());
        JsonMapper json = JsonMapper.builder().build();
        assertEquals(json.readTree("{\"id\":\"7\",\"name\":\"user 7\"}"), json.readTree(user.text()));
        assertEquals("application/json;charset=utf-8", user.header("content-type"));
        assertEquals("ping", await(app.post("/echo").body("ping").send()).text());
        ClientResponse missing = await(app.get("/nope").send());
        assertEquals(404, missing.status());
        assertEquals("Nothing at /nope", missing.text());
    }
}
