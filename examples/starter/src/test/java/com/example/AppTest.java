package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.client.ClientResponse;
import io.simples.test.SimplesExtension;
import io.simples.test.TestApp;
import io.simples.ws.ClientConnection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application in the test's JVM, without a port, called as a browser would (cookies on) with simpleS's own client. */
class AppTest {

    @RegisterExtension // an instance field: a fresh application (and cookie jar) for each test
    final SimplesExtension app = SimplesExtension.routes(App::routes);

    @Test
    void it_serves_its_page_and_json(TestApp app) {
        ClientResponse page = app.get("/").send().join();
        assertEquals(200, page.status());
        assertEquals("text/html;charset=utf-8", page.header("content-type"));
        assertEquals("{\"hello\":\"ada\"}", app.get("/hello/ada").send().join().text());
        assertEquals(404, app.get("/nowhere").send().join().status());
    }

    @Test
    void a_name_sent_with_the_form_is_in_the_session_of_its_websocket_too(TestApp app) throws Exception {
        assertEquals(400, app.post("/name").form(Map.of("name", " ")).send().join().status());
        assertEquals(302, app.post("/name").form(Map.of("name", "Ada")).send().join().status());
        assertEquals("{\"name\":\"Ada\"}", app.get("/me").send().join().text());

        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        ClientConnection socket = app.ws("/chat");
        socket.onMessage(message -> heard.add(message.text()));
        socket.open().get(10, TimeUnit.SECONDS);
        socket.send("hello");
        assertEquals("Ada: hello", heard.poll(10, TimeUnit.SECONDS));
        socket.close();
    }
}
