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
 */
public record StaticOptions(Predicate<? super HTTPConnection> enabled, Path location, String index) {

    private static final StaticOptions DEFAULTS = new StaticOptions(c -> false, Path.of("public"), "index.html");

    public StaticOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(index, "index");
    }

    /** Off, {@code ./public}, {@code index.html}. */
    public static StaticOptions defaults() {
        return DEFAULTS;
    }

    /** Files from {@code location} for every request, with {@code index.html} for directories. */
    public static StaticOptions of(Path location) {
        return new StaticOptions(c -> true, location, DEFAULTS.index());
    }

    /** These options, on or off for every connection. */
    public StaticOptions enabled(boolean on) {
        return new StaticOptions(c -> on, location, index);
    }

    /** These options for the connections {@code which} accepts. */
    public StaticOptions enabled(Predicate<? super HTTPConnection> which) {
        return new StaticOptions(which, location, index);
    }

    /** These options with files from another directory. */
    public StaticOptions location(Path value) {
        return new StaticOptions(enabled, value, index);
    }

    /** These options with another file for directories. */
    public StaticOptions index(String value) {
        return new StaticOptions(enabled, location, value);
    }
}
