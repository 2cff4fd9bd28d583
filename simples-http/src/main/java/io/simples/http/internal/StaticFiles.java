package io.simples.http.internal;

import io.netty.handler.codec.DateFormatter;
import io.simples.core.internal.MimeTypes;
import io.simples.core.internal.QualityList;
import io.simples.http.HTTPConnection;
import io.simples.http.Router;
import io.simples.http.StaticOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * The {@code static} option: serves files under a root for GET and HEAD, before routes (a file
 * wins over a route of the same path; a path with no file falls through to the routes, and a
 * directory without its index file too). Strong ETags (size and modification time),
 * {@code Last-Modified}, 304 on {@code If-None-Match} / {@code If-Modified-Since}, one byte range
 * (206, or 416 when unsatisfiable), precompressed siblings ({@code .br}, {@code .zst}, {@code .gz})
 * for clients that accept them, zero-copy transfer on plain connections.
 *
 * <p>Never outside the root: a path with {@code ..} or {@code .} segments, a backslash, a NUL, an
 * encoded slash, or that resolves (symbolic links followed) outside the root is not found.
 */
public final class StaticFiles {

    /** Encodings of precompressed siblings, by file suffix, in the order preferred on a tie. */
    private static final List<String[]> SIBLINGS = List.of(
            new String[]{"br", ".br"}, new String[]{"zstd", ".zst"}, new String[]{"gzip", ".gz"});

    private StaticFiles() {
    }

    /** The static option of {@code router}: a file under its root answers GET and HEAD before the routes. */
    static boolean serve(Exchange exchange, Router router) throws IOException {
        HTTPConnection connection = exchange.connection();
        StaticOptions files = router.options().staticFiles();
        if (!applies(connection, files)) {
            return false;
        }
        String raw = connection.url();
        int query = raw.indexOf('?');
        raw = query < 0 ? raw : raw.substring(0, query);
        String path = connection.path();
        String location = router.location(); // a router serves its files from its own location
        if (!location.isEmpty()) {
            if (!path.startsWith(location) || !raw.startsWith(location)) {
                return false;
            }
            path = path.substring(location.length());
            raw = raw.substring(location.length());
        }
        return serve(exchange, files, raw, path);
    }

    /**
     * After the routes found nothing: the router's fallback page, for a GET or HEAD that asks for
     * a page under its location ({@code Accept: text/html}); false when that does not apply.
     */
    static boolean serveFallback(Exchange exchange, Router router) throws IOException {
        HTTPConnection connection = exchange.connection();
        StaticOptions files = router.options().staticFiles();
        if (files.fallback() == null || !applies(connection, files)
                || !String.valueOf(connection.headers().get("accept")).contains("text/html")
                || !connection.path().startsWith(router.location())) {
            return false;
        }
        String page = "/" + files.fallback();
        return serve(exchange, files, page, page);
    }

    private static boolean applies(HTTPConnection connection, StaticOptions files) {
        String method = connection.method();
        return (method.equals("GET") || method.equals("HEAD")) && files.enabled().test(connection);
    }

    /** True for a name whose last part before the extension is a content hash: {@code app.3f9a2c1b.js}. */
    static boolean fingerprinted(String name) {
        int extension = name.lastIndexOf('.');
        if (extension <= 0) {
            return false;
        }
        int start = Math.max(name.lastIndexOf('.', extension - 1), name.lastIndexOf('-', extension - 1)) + 1;
        if (start == 0 || extension - start < 8) {
            return false;
        }
        boolean digit = false;
        for (int i = start; i < extension; i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' || c > 'z') {
                return false;
            }
            digit |= Character.isDigit(c);
        }
        return digit;
    }

    /** Serves the file for {@code path} if there is one; false to let the routes answer. */
    private static boolean serve(Exchange exchange, StaticOptions options, String rawPath, String path) throws IOException {
        Path file = resolve(options, rawPath, path);
        if (file == null) {
            return false;
        }
        if (options.fingerprints()) {
            exchange.response().header("Cache-Control", fingerprinted(file.getFileName().toString())
                    ? "public, max-age=31536000, immutable" : "no-cache");
        }
        send(exchange, file, MimeTypes.of(file.getFileName().toString()));
        return true;
    }

    /**
     * Ends the exchange with {@code file} (a regular file) as static files are served: its type,
     * ETag and Last-Modified, 304 to a matching condition, one byte range, a precompressed sibling
     * for a client that accepts it. For {@code connection.drain}.
     */
    public static void send(Exchange exchange, Path file, String type) throws IOException {
        HTTPConnection connection = exchange.connection();
        Path chosen = file;
        String encoding = null;
        boolean hasSiblings = false;
        List<String> accepted = QualityList.parse(connection.headers().get("accept-encoding")).stream()
                .map(value -> value.toLowerCase(Locale.ROOT)).toList();
        for (String[] sibling : SIBLINGS) {
            Path candidate = file.resolveSibling(file.getFileName() + sibling[1]);
            if (Files.isRegularFile(candidate)) {
                hasSiblings = true;
                if (encoding == null && accepted.contains(sibling[0])) {
                    chosen = candidate;
                    encoding = sibling[0];
                }
            }
        }
        BasicFileAttributes attributes = Files.readAttributes(chosen, BasicFileAttributes.class);
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + (encoding == null ? "" : "-" + encoding) + "\"";

        Response response = exchange.response();
        response.type(type).header("ETag", etag)
                .header("Last-Modified", DateFormatter.format(new Date(modified)))
                .header("Accept-Ranges", "bytes");
        if (hasSiblings) {
            response.header("Vary", "Accept-Encoding");
        }
        if (encoding != null) {
            response.header("Content-Encoding", encoding);
        }
        if (notModified(connection, etag, modified)) {
            response.status(304).end();
            return;
        }
        long[] range = range(connection, etag, size);
        if (range == null) {
            response.endWithFile(chosen);
        } else if (range.length == 0) {
            response.status(416).header("Content-Range", "bytes */" + size).end();
        } else {
            response.status(206).header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
            response.endWithFile(chosen, range[0], range[1] - range[0] + 1);
        }
    }

    /** The regular file under the root for this request path, its index for a directory, or null. */
    static Path resolve(StaticOptions options, String rawPath, String path) throws IOException {
        String lowerRaw = rawPath.toLowerCase(Locale.ROOT);
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0 || lowerRaw.contains("%2f") || lowerRaw.contains("%5c")) {
            return null;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        Path root = options.location().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return null;
        }
        Path target = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        if (!target.startsWith(root)) {
            return null;
        }
        if (Files.isDirectory(target)) {
            target = target.resolve(options.index());
        }
        if (!Files.isRegularFile(target) || !Files.isReadable(target)) {
            return null;
        }
        Path real = target.toRealPath();
        return real.startsWith(root.toRealPath()) ? real : null;
    }

    private static boolean notModified(HTTPConnection connection, String etag, long modified) {
        String ifNoneMatch = connection.headers().get("if-none-match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = connection.headers().get("if-modified-since");
        if (ifModifiedSince != null) {
            Date since = DateFormatter.parseHttpDate(ifModifiedSince);
            return since != null && modified / 1000 <= since.getTime() / 1000;
        }
        return false;
    }

    /** {start, end} of one satisfiable range, {} for an unsatisfiable one, null to send the whole file. */
    private static long[] range(HTTPConnection connection, String etag, long size) {
        String header = connection.headers().get("range");
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null; // no range, another unit, or several ranges: the whole file is a valid answer
        }
        String ifRange = connection.headers().get("if-range");
        if (ifRange != null && !ifRange.equals(etag)) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start;
            long end;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                if (suffix == 0) {
                    return new long[0];
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
                if (start >= size) {
                    return new long[0];
                }
                if (end < start) {
                    return null; // syntactically invalid: ignored
                }
            }
            return start >= size ? new long[0] : new long[]{start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
