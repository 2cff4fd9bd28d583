package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.http.Client;
import io.simples.http.ClientOptions;
import io.simples.http.ClientResponse;
import io.simples.http.Server;
import io.simples.http.Simples;
import io.simples.ws.ClientConnection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The application on a real port (0: any free one), called as a browser would, with simpleS's own client. */
class AppTest {

    private Server server;
    private Client client;
    private String base;

    @BeforeEach
    void start() {
        server = App.start(0);
        client = Simples.client(ClientOptions.defaults().cookies(true)); // a browser's cookie jar: sessions work
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    @Test
    void it_serves_its_page_and_json() {
        ClientResponse page = client.get(base + "/").send().join();
        assertEquals(200, page.status());
        assertEquals("text/html;charset=utf-8", page.header("content-type"));
        assertEquals("{\"hello\":\"ada\"}", client.get(base + "/hello/ada").send().join().text());
        assertEquals(404, client.get(base + "/nowhere").send().join().status());
    }

    @Test
    void a_name_sent_with_the_form_is_in_the_session_of_its_websocket_too() throws Exception {
        assertEquals(400, client.post(base + "/name").form(Map.of("name", " ")).send().join().status());
        assertEquals(302, client.post(base + "/name").form(Map.of("name", "Ada")).send().join().status());
        assertEquals("{\"name\":\"Ada\"}", client.get(base + "/me").send().join().text());

        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        ClientConnection socket = client.ws("ws://127.0.0.1:" + server.port() + "/chat");
        socket.onMessage(message -> heard.add(message.text()));
        socket.open().get(10, TimeUnit.SECONDS);
        socket.send("hello");
        assertEquals("Ada: hello", heard.poll(10, TimeUnit.SECONDS));
        socket.close();
    }
}
