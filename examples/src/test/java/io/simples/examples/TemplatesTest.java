package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TemplatesTest {

    @Test
    void views_render_with_mustache_and_see_the_connection() throws Exception {
        Server server = Templates.start(0);
        try {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/hello/ada%20%3Cb%3E")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<h1>Hello ada &lt;b&gt;</h1>"), "escaped: " + page.body());
            assertTrue(page.body().contains("<li>routes</li><li>views</li><li>sessions</li>"), page.body());
            assertTrue(page.body().contains("You asked for /hello/ada &lt;b&gt;."), page.body());
        } finally {
            server.stop();
        }
    }
}
