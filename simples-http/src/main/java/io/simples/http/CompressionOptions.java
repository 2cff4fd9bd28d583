package io.simples.http;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router {@code compression} option: gzip or deflate for clients that accept them, for text
 * responses (HTML, CSS, JavaScript, JSON, XML, SVG…) of at least {@code minSize} bytes, whole or
 * streamed. Never for HEAD, 204, 206, 304, or types that are compressed already (images, audio,
 * video, archives). Files sent with {@code drain} or the static option go as they are (zero-copy;
 * serve precompressed siblings for those).
 *
 * @param enabled which connections get compressed responses (none by default)
 * @param level the zlib level, 1 (fastest) to 9 (smallest); 6 by default
 * @param preferred the encoding chosen when a client accepts both equally: "gzip" or "deflate" ("deflate")
 * @param minSize the smallest whole body worth compressing, in bytes (1024)
 */
public record CompressionOptions(Predicate<? super HTTPConnection> enabled, int level, String preferred, int minSize) {

    private static final CompressionOptions DEFAULTS = new CompressionOptions(c -> false, 6, "deflate", 1024);

    /**
     * Checks the options.
     *
     * @param enabled which connections get compressed responses
     * @param level the zlib level, 1 to 9
     * @param preferred the encoding chosen when a client accepts both equally: "gzip" or "deflate"
     * @param minSize the smallest whole body worth compressing, in bytes, 0 or more
     * @throws IllegalArgumentException when {@code level}, {@code preferred} or {@code minSize} is out of range
     * @throws NullPointerException when {@code enabled} is null
     */
    public CompressionOptions {
        Objects.requireNonNull(enabled, "enabled");
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("compression level must be 1 to 9, got " + level);
        }
        if (!"gzip".equals(preferred) && !"deflate".equals(preferred)) {
            throw new IllegalArgumentException("preferred must be \"gzip\" or \"deflate\", got " + preferred);
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("minSize cannot be negative, got " + minSize);
        }
    }

    /**
     * Off, level 6, deflate preferred, 1 KiB at least.
     *
     * @return the default options
     */
    public static CompressionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options, on or off for every connection.
     *
     * @param on true to compress responses to every connection, false to none
     * @return these options with {@code enabled} set for every connection
     */
    public CompressionOptions enabled(boolean on) {
        return new CompressionOptions(c -> on, level, preferred, minSize);
    }

    /**
     * These options with another preferred encoding.
     *
     * @param encoding "gzip" or "deflate"
     * @return these options with {@code preferred} set to {@code encoding}
     * @throws IllegalArgumentException when {@code encoding} is neither
     */
    public CompressionOptions preferred(String encoding) {
        return new CompressionOptions(enabled, level, encoding, minSize);
    }

    /**
     * These options with another minimum size.
     *
     * @param bytes the smallest whole body worth compressing, 0 or more
     * @return these options with {@code minSize} set to {@code bytes}
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public CompressionOptions minSize(int bytes) {
        return new CompressionOptions(enabled, level, preferred, bytes);
    }

    /**
     * These options for the connections {@code which} accepts.
     *
     * @param which accepts the connections that get compressed responses
     * @return these options with {@code enabled} set to {@code which}
     */
    public CompressionOptions enabled(Predicate<? super HTTPConnection> which) {
        return new CompressionOptions(which, level, preferred, minSize);
    }

    /**
     * These options with another zlib level (1 to 9).
     *
     * @param value 1 for the fastest, 9 for the smallest
     * @return these options with {@code level} set to {@code value}
     * @throws IllegalArgumentException when {@code value} is not 1 to 9
     */
    public CompressionOptions level(int value) {
        return new CompressionOptions(enabled, value, preferred, minSize);
    }
}
