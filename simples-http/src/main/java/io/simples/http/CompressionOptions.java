package io.simples.http;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router {@code compression} option: gzip or deflate for clients that accept them.
 *
 * @param enabled which connections get compressed responses (none by default)
 * @param level the zlib level, 1 (fastest) to 9 (smallest); 6 by default
 * @param preferred the encoding chosen when a client accepts both equally: "gzip" or "deflate"
 */
public record CompressionOptions(Predicate<? super HTTPConnection> enabled, int level, String preferred) {

    private static final CompressionOptions DEFAULTS = new CompressionOptions(c -> false, 6, "deflate");

    public CompressionOptions {
        Objects.requireNonNull(enabled, "enabled");
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("compression level must be 1 to 9, got " + level);
        }
        if (!"gzip".equals(preferred) && !"deflate".equals(preferred)) {
            throw new IllegalArgumentException("preferred must be \"gzip\" or \"deflate\", got " + preferred);
        }
    }

    /** Off, level 6, deflate preferred. */
    public static CompressionOptions defaults() {
        return DEFAULTS;
    }

    /** These options, on or off for every connection. */
    public CompressionOptions enabled(boolean on) {
        return new CompressionOptions(c -> on, level, preferred);
    }
}
