package io.simples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.http.Server;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The static-site example as a browser uses it: pages, assets, the compressed sibling, caching, the fallback. */
@Timeout(90)
class StaticSiteTest {

    final HttpClient client = HttpClient.newHttpClient();
    Server server;

    @BeforeEach
    void start() {
        server = StaticSite.start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void the_page_is_revalidated_and_the_fingerprinted_script_kept_for_a_year() throws Exception {
        HttpResponse<byte[]> page = get("/", "Accept", "text/html");
        assertEquals(200, page.statusCode());
        assertTrue(text(page).contains("<script src=\"/assets/app.3f9a2c1b.js\">"));
        assertEquals("no-cache", page.headers().firstValue("cache-control").orElseThrow());
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertEquals(304, get("/", "Accept", "text/html", "If-None-Match", etag).statusCode());

        HttpResponse<byte[]> script = get("/assets/app.3f9a2c1b.js", "Accept-Encoding", "gzip");
        assertEquals("public, max-age=31536000, immutable", script.headers().firstValue("cache-control").orElseThrow());
        assertEquals("gzip", script.headers().firstValue("content-encoding").orElseThrow(), "the precompressed sibling");
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(script.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(text(get("/assets/app.3f9a2c1b.js")), unzipped);
        assertEquals("no-cache", get("/assets/site.css").headers().firstValue("cache-control").orElseThrow());
    }

    @Test
    void in_a_browser_a_deep_link_draws_its_page_and_calls_the_api(@TempDir Path profile) throws Exception {
        Browser.requireOrSkip();
        try (Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open("http://127.0.0.1:" + server.port() + "/settings/profile");
            page.waitFor("document.getElementById('view') !== null && document.getElementById('view').textContent"
                    + " === 'You are at /settings/profile — the server says world'", Duration.ofSeconds(20));
            page.eval("document.querySelector('a[href=\"/about\"]').click(); true");
            page.waitFor("document.getElementById('view').textContent"
                    + " === 'You are at /about — the server says world'", Duration.ofSeconds(20));
        }
    }

    @Test
    void a_page_path_gets_the_application_and_a_missing_asset_a_404() throws Exception {
        HttpResponse<byte[]> deep = get("/settings/profile", "Accept", "text/html,application/xhtml+xml");
        assertEquals(200, deep.statusCode());
        assertTrue(text(deep).contains("A single-page application"));
        assertEquals(404, get("/assets/missing.js", "Accept", "*/*").statusCode(), "a script is not a page");
        assertEquals(404, get("/nothing", "Accept", "application/json").statusCode());
        assertEquals("{\"hello\":\"world\"}", text(get("/api/hello", "Accept", "text/html")), "routes come before the fallback");
    }
}
