package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.ClientResponse;
import io.simples.test.SimplesExtension;
import io.simples.test.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class TemplatesTest {

    @RegisterExtension
    static final SimplesExtension templates = SimplesExtension.of(() -> Templates.start(0));

    @Test
    void views_render_with_mustache_and_see_the_connection(TestApp app) {
        ClientResponse page = await(app.get("/hello/ada%20%3Cb%3E").send());
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<h1>Hello ada &lt;b&gt;</h1>"), "escaped: " + page.text());
        assertTrue(page.text().contains("<li>routes</li><li>views</li><li>sessions</li>"), page.text());
        assertTrue(page.text().contains("You asked for /hello/ada &lt;b&gt;."), page.text());
    }
}
