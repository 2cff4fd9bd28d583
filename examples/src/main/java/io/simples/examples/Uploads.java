package io.simples.examples;

import io.simples.http.HTTPConnection;
import io.simples.http.Limits;
import io.simples.http.Server;
import io.simples.http.ServerOptions;
import io.simples.http.Simples;
import io.simples.http.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Uploads: a form that sends several files at once (multipart, written to disk as they arrive, so
 * a big upload costs the heap almost nothing), the list of what was uploaded, and each file served
 * back with {@code drain} — ETag, 304, byte ranges (a video seeks, a download resumes). Past the
 * limits (5 MiB per request here) the client gets a 413 saying which limit.
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am test-compile exec:java -Dexample=io.simples.examples.Uploads},
 * then open http://localhost:8080/. Files go to {@code simples-uploads} in the system's temporary folder ({@code UPLOADS} to choose).
 */
public final class Uploads {

    /** The most one request may upload. */
    public static final long LIMIT = 5 * 1024 * 1024;

    private Uploads() {
    }

    public static void main(String[] args) {
        Server server = start(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")),
                Path.of(System.getenv().getOrDefault("UPLOADS", Path.of(System.getProperty("java.io.tmpdir"), "simples-uploads").toString())));
        System.out.println("Uploads on http://localhost:" + server.port() + "/");
    }

    /** Starts on {@code port} (0: an ephemeral one), keeping files in {@code directory}. */
    public static Server start(int port, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Server server = Simples.server(ServerOptions.defaults().port(port).limits(Limits.defaults().uploadSize(LIMIT)));
        server.get("/", c -> c.type("html").end(page(directory)));
        server.post("/upload", c -> {
            List<Upload> files = c.body().form().files();
            for (Upload file : files) {
                if (file.size() > 0) {
                    file.moveTo(directory.resolve(safe(file.filename())));
                }
            }
            c.status(303).header("Location", "/").end();
        });
        server.get("/files/:name", c -> c.drain(directory.resolve(safe(c.params().get("name")))));
        return server;
    }

    /** A file name that stays in the directory: letters, digits, dot, dash, underscore; never "." or "..". */
    static String safe(String name) {
        String cleaned = name == null ? "" : Path.of(name.replace('\\', '/')).getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.matches("\\.+") ? "unnamed" : cleaned;
    }

    private static String page(Path directory) throws IOException {
        StringBuilder list = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                list.append("<li><a href=\"/files/").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append("\">")
                        .append(name).append("</a> (").append(Files.size(file)).append(" bytes)</li>\n");
            }
        }
        return """
                <!doctype html>
                <title>Uploads</title>
                <h1>Uploads</h1>
                <form method="post" action="/upload" enctype="multipart/form-data">
                  <input type="file" name="files" multiple> <button>Upload</button> (at most %d MiB at once)
                </form>
                <ul>
                %s</ul>
                """.formatted(LIMIT / 1024 / 1024, list);
    }
}
