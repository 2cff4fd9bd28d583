package io.simples.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The router {@code timeout} option: a connection silent for {@code value} (nothing read,
 * nothing written) is closed. Off by default; {@link HTTPConnection#keep} sets it for one
 * connection.
 *
 * @param enabled whether the timeout applies
 * @param value the inactivity allowed
 */
public record TimeoutOptions(boolean enabled, Duration value) {

    private static final TimeoutOptions DEFAULTS = new TimeoutOptions(false, Duration.ofSeconds(5));

    public TimeoutOptions {
        Objects.requireNonNull(value, "value");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, got " + value);
        }
    }

    /** Off; 5 s when enabled without a value. */
    public static TimeoutOptions defaults() {
        return DEFAULTS;
    }

    /** Enabled, closing connections silent for {@code value}. */
    public static TimeoutOptions of(Duration value) {
        return new TimeoutOptions(true, value);
    }
}
