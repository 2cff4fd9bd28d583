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

    /**
     * Checks the options.
     *
     * @param enabled which connections the timeout applies to
     * @param value the inactivity allowed, positive
     * @throws IllegalArgumentException when {@code value} is zero or negative
     * @throws NullPointerException when {@code enabled} or {@code value} is null
     */
    public TimeoutOptions {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(value, "value");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, got " + value);
        }
    }

    /**
     * On or off for every connection, closing connections silent for {@code value}.
     *
     * @param enabled true to apply the timeout to every connection, false to none
     * @param value the inactivity allowed, positive
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public TimeoutOptions(boolean enabled, Duration value) {
        this(c -> enabled, value);
    }

    /**
     * Off; 5 s when enabled without a value.
     *
     * @return the default options
     */
    public static TimeoutOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Enabled, closing connections silent for {@code value}.
     *
     * @param value the inactivity allowed, positive
     * @return options that apply the timeout to every connection
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public static TimeoutOptions of(Duration value) {
        return new TimeoutOptions(true, value);
    }

    /**
     * These options, on or off for every connection.
     *
     * @param on true to apply the timeout to every connection, false to none
     * @return these options with {@code enabled} set for every connection
     */
    public TimeoutOptions enabled(boolean on) {
        return new TimeoutOptions(on, value);
    }

    /**
     * These options for the connections {@code which} accepts.
     *
     * @param which accepts the connections the timeout applies to
     * @return these options with {@code enabled} set to {@code which}
     */
    public TimeoutOptions enabled(Predicate<? super HTTPConnection> which) {
        return new TimeoutOptions(which, value);
    }

    /**
     * These options with another inactivity allowed.
     *
     * @param allowed how long a connection may stay silent, positive
     * @return these options with {@code value} set to {@code allowed}
     * @throws IllegalArgumentException when {@code allowed} is zero or negative
     */
    public TimeoutOptions value(Duration allowed) {
        return new TimeoutOptions(enabled, allowed);
    }
}
