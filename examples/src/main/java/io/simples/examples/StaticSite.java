package io.simples.examples;

import io.simples.http.Server;
import io.simples.http.Simples;
import io.simples.http.StaticOptions;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A folder of assets and a single-page application: files from {@code site/} (a resource folder
 * here; any directory in yours), a precompressed sibling ({@code app.3f9a2c1b.js.gz}) sent to
 * clients that accept gzip, fingerprinted files cached for a year and the others revalidated, and
 * every page path no file or route answers ({@code /settings/profile}) given {@code index.html},
 * whose script draws the page for its path. An API route beside it.
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.StaticSite},
 * then open http://localhost:8080/settings/profile.
 */
public final class StaticSite {

    private StaticSite() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        System.out.println("Static site on http://localhost:" + server.port() + "/");
    }

    /** Starts the site on {@code port} (0: an ephemeral one). */
    public static Server start(int port) {
        Server server = Simples.server(port);
        server.staticFiles(StaticOptions.of(folder()).fallback("index.html").fingerprints(true));
        server.get("/api/hello", c -> c.send(Map.of("hello", "world")));
        return server;
    }

    /** The {@code site} folder of the class path (the examples run from a directory, not a jar). */
    private static Path folder() {
        try {
            return Path.of(StaticSite.class.getResource("/site").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
