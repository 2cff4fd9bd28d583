package io.simples.examples;

import static io.simples.session.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simples.client.ClientOptions;
import io.simples.client.ClientRequest;
import io.simples.client.ClientResponse;
import io.simples.test.SimplesExtension;
import io.simples.test.SimplesTest;
import io.simples.test.TestApp;
import io.simples.test.Transport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The static-site example as a browser uses it: pages, assets, the compressed sibling, caching, the fallback. */
@Timeout(90)
class StaticSiteTest {

    @RegisterExtension
    static final SimplesExtension site = SimplesExtension.of(() -> StaticSite.start(0));

    /** A GET as a browser sends it, its body as it came (compressed when the server compressed it). */
    static ClientResponse get(String path, String... headers) {
        TestApp app = site.app();
        ClientRequest request = app.client(ClientOptions.defaults().decompress(false)).get(app.url(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return await(request.send());
    }

    @Test
    void the_page_is_revalidated_and_the_fingerprinted_script_kept_for_a_year() throws Exception {
        ClientResponse page = get("/", "Accept", "text/html");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<script src=\"/assets/app.3f9a2c1b.js\">"));
        assertEquals("no-cache", page.header("cache-control"));
        String etag = page.header("etag");
        assertEquals(304, get("/", "Accept", "text/html", "If-None-Match", etag).status());

        ClientResponse script = get("/assets/app.3f9a2c1b.js", "Accept-Encoding", "gzip");
        assertEquals("public, max-age=31536000, immutable", script.header("cache-control"));
        assertEquals("gzip", script.header("content-encoding"), "the precompressed sibling");
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(script.bytes())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(get("/assets/app.3f9a2c1b.js").text(), unzipped);
        assertEquals("no-cache", get("/assets/site.css").header("cache-control"));
    }

    @Test
    void in_a_browser_a_deep_link_draws_its_page_and_calls_the_api(@TempDir Path profile) throws Exception {
        Browser.requireOrSkip();
        try (TestApp app = SimplesTest.start(StaticSite.start(0), Transport.SOCKET); // a browser needs a port
             Browser browser = Browser.launch(profile)) {
            Browser.Page page = browser.open("http://127.0.0.1:" + app.server().port() + "/settings/profile");
            page.waitFor("document.getElementById('view') !== null && document.getElementById('view').textContent"
                    + " === 'You are at /settings/profile — the server says world'", Duration.ofSeconds(20));
            page.eval("document.querySelector('a[href=\"/about\"]').click(); true");
            page.waitFor("document.getElementById('view').textContent"
                    + " === 'You are at /about — the server says world'", Duration.ofSeconds(20));
        }
    }

    @Test
    void a_page_path_gets_the_application_and_a_missing_asset_a_404() throws Exception {
        ClientResponse deep = get("/settings/profile", "Accept", "text/html,application/xhtml+xml");
        assertEquals(200, deep.status());
        assertTrue(deep.text().contains("A single-page application"));
        assertEquals(404, get("/assets/missing.js", "Accept", "*/*").status(), "a script is not a page");
        assertEquals(404, get("/nothing", "Accept", "application/json").status());
        assertEquals("{\"hello\":\"world\"}", get("/api/hello", "Accept", "text/html").text(), "routes come before the fallback");
    }
}
