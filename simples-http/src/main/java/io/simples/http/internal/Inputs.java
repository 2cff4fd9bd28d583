package io.simples.http.internal;

import io.simples.core.internal.Json;
import io.simples.http.HTTPException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;

/**
 * A request's text inputs (route parameters, query parameters, headers) as typed values. A value
 * that is not one of its type is the client's mistake: a 400 whose message names the input, the
 * type expected and (cut short) what came, through the normal error path.
 */
public final class Inputs {

    private static final int SHOWN = 40; // characters of a bad value repeated in the answer

    private Inputs() {
    }

    /**
     * {@code value} as a {@code type}: {@code String}, {@code int}, {@code long}, {@code double},
     * {@code boolean} and their boxes, {@code UUID}, enums (by name, case-insensitive),
     * {@code LocalDate} and {@code Instant} (ISO-8601), or anything Jackson makes from a string.
     *
     * @param what the input, for the message: {@code query parameter "page"}
     * @throws HTTPException 400 when {@code value} is not a {@code type}
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(String value, Class<T> type, String what) {
        if (type == String.class) {
            return (T) value;
        }
        try {
            return (T) parse(value.trim(), type);
        } catch (IllegalArgumentException | DateTimeParseException | JacksonException e) {
            throw new HTTPException(400, what + " must be " + expected(type) + ", not \"" + shown(value) + "\"");
        }
    }

    /**
     * A required input as a {@code type} (see {@link #convert}).
     *
     * @throws HTTPException 400 naming {@code what} when it is missing ({@code value} null) or not a {@code type}
     */
    public static <T> T required(String value, Class<T> type, String what) {
        if (value == null) {
            throw new HTTPException(400, what + " is required");
        }
        return convert(value, type, what);
    }

    /** An optional input as a {@code type}, or {@code fallback} when it is missing ({@code value} null). */
    public static <T> T optional(String value, Class<T> type, T fallback, String what) {
        return value == null ? fallback : convert(value, type, what);
    }

    private static Object parse(String value, Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(value);
        }
        if (type == long.class || type == Long.class) {
            return Long.valueOf(value);
        }
        if (type == double.class || type == Double.class) {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return parsed;
        }
        if (type == boolean.class || type == Boolean.class) {
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("not true or false");
        }
        if (type == UUID.class) {
            if (value.length() != 36) {
                throw new IllegalArgumentException("not a UUID"); // UUID.fromString takes "1-1-1-1-1"
            }
            return UUID.fromString(value);
        }
        if (type == LocalDate.class) {
            return LocalDate.parse(value);
        }
        if (type == Instant.class) {
            return Instant.parse(value);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("no such constant");
        }
        return Json.MAPPER.convertValue(value, type);
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer" + (type == int.class || type == Integer.class ? "" : " (64 bits)");
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == LocalDate.class) {
            return "a date (2026-12-31)";
        }
        if (type == Instant.class) {
            return "an instant (2026-12-31T23:59:59Z)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }

    private static String shown(String value) {
        String printable = value.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= SHOWN ? printable : printable.substring(0, SHOWN) + "…";
    }
}
