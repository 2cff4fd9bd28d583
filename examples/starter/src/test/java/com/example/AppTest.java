package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simples.http.Client;
import io.simples.http.ClientResponse;
import io.simples.http.Server;
import io.simples.http.Simples;
import org.junit.jupiter.api.Test;

/** The application on a real port, called with simpleS's own client. */
class AppTest {

    @Test
    void it_answers_its_routes() {
        Server server = App.start(0);
        try (Client client = Simples.client()) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals("Hello from your own project", client.get(base + "/").send().join().text());
            ClientResponse hello = client.get(base + "/hello/ada").send().join();
            assertEquals(200, hello.status());
            assertEquals("{\"hello\":\"ada\"}", hello.text());
        } finally {
            server.stop();
        }
    }
}
