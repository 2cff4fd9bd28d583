package io.simples.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The router {@code timeout} option: a connection silent for {@code value} (nothing read,
 * nothing written) is closed. Off by default; {@link HTTPConnection#keep} sets it for one
 * connection.
 *
 * @param enabled which connections the timeout applies to (none by default)
 * @param value the inactivity allowed
 */
public record TimeoutOptions(Predicate<? super HTTPConnection> enabled, Duration value) {

    private static final TimeoutOptions DEFAULTS = new TimeoutOptions(false, Duration.ofSeconds(5));

    public TimeoutOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(value, "value");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, got " + value);
        }
    }

    /** On or off for every connection, closing connections silent for {@code value}. */
    public TimeoutOptions(boolean enabled, Duration value) {
        this(c -> enabled, value);
    }

    /** Off; 5 s when enabled without a value. */
    public static TimeoutOptions defaults() {
        return DEFAULTS;
    }

    /** Enabled, closing connections silent for {@code value}. */
    public static TimeoutOptions of(Duration value) {
        return new TimeoutOptions(true, value);
    }

    /** These options, on or off for every connection. */
    public TimeoutOptions enabled(boolean on) {
        return new TimeoutOptions(on, value);
    }

    /** These options for the connections {@code which} accepts. */
    public TimeoutOptions enabled(Predicate<? super HTTPConnection> which) {
        return new TimeoutOptions(which, value);
    }

    /** These options with another inactivity allowed. */
    public TimeoutOptions value(Duration allowed) {
        return new TimeoutOptions(enabled, allowed);
    }
}
