package io.simples.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router {@code static} option: files served from a directory.
 *
 * @param enabled which connections may be served files (none by default)
 * @param location the directory ({@code ./public} by default)
 * @param index the file served for a directory ({@code index.html} by default)
 * @param fallback a file (relative to the directory) served for a GET or HEAD that asks for a page
 *                 ({@code Accept: text/html}) and that neither a file nor a route answers: the
 *                 page of a single-page application, whose own script reads the path
 *                 ({@code null} by default: a 404)
 * @param fingerprints files whose name carries a content hash ({@code app.3f9a2c1b.js},
 *                     {@code index-D2x1fQ8K.js}: a last part before the extension of 8 or more
 *                     letters, digits or underscores, a digit among them) are cached for a year
 *                     ({@code Cache-Control: public, max-age=31536000, immutable}); the others are
 *                     revalidated every time ({@code no-cache}, answered 304 when unchanged)
 *                     (false by default: no {@code Cache-Control})
 */
public record StaticOptions(Predicate<? super HTTPConnection> enabled, Path location, String index, String fallback,
                            boolean fingerprints) {

    private static final StaticOptions DEFAULTS = new StaticOptions(c -> false, Path.of("public"), "index.html", null, false);

    /**
     * Checks that the options are complete: only {@code fallback} may be {@code null}.
     *
     * @param enabled which connections may be served files
     * @param location the directory the files come from
     * @param index the file served for a directory
     * @param fallback the page served for pages nothing else answers, or {@code null} for a 404
     * @param fingerprints whether fingerprinted files are cached for a year and the others revalidated
     * @throws NullPointerException when {@code enabled}, {@code location} or {@code index} is null
     */
    public StaticOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(index, "index");
    }

    /**
     * Off, {@code ./public}, {@code index.html}, no fallback, no {@code Cache-Control}.
     *
     * @return the default options
     */
    public static StaticOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Files from {@code location} for every request, with {@code index.html} for directories.
     *
     * @param location the directory the files come from
     * @return the default options, enabled, with files from {@code location}
     */
    public static StaticOptions of(Path location) {
        return DEFAULTS.enabled(true).location(location);
    }

    /**
     * These options, on or off for every connection.
     *
     * @param on true to serve files to every connection, false to none
     * @return these options with {@code enabled} set for every connection
     */
    public StaticOptions enabled(boolean on) {
        return new StaticOptions(c -> on, location, index, fallback, fingerprints);
    }

    /**
     * These options for the connections {@code which} accepts.
     *
     * @param which accepts the connections that may be served files
     * @return these options with {@code enabled} set to {@code which}
     */
    public StaticOptions enabled(Predicate<? super HTTPConnection> which) {
        return new StaticOptions(which, location, index, fallback, fingerprints);
    }

    /**
     * These options with files from another directory.
     *
     * @param value the directory the files come from
     * @return these options with {@code location} set to {@code value}
     */
    public StaticOptions location(Path value) {
        return new StaticOptions(enabled, value, index, fallback, fingerprints);
    }

    /**
     * These options with another file for directories.
     *
     * @param value the name of the file served for a directory
     * @return these options with {@code index} set to {@code value}
     */
    public StaticOptions index(String value) {
        return new StaticOptions(enabled, location, value, fallback, fingerprints);
    }

    /**
     * These options with a single-page application's page for paths nothing else answers ({@code "index.html"}).
     *
     * @param file the page, relative to the directory; {@code null} for a 404
     * @return these options with {@code fallback} set to {@code file}
     */
    public StaticOptions fallback(String file) {
        return new StaticOptions(enabled, location, index, file, fingerprints);
    }

    /**
     * These options with fingerprinted files cached for a year and the others revalidated.
     *
     * @param value true to send {@code Cache-Control} as the class comment says, false to send none
     * @return these options with {@code fingerprints} set to {@code value}
     */
    public StaticOptions fingerprints(boolean value) {
        return new StaticOptions(enabled, location, index, fallback, value);
    }
}
