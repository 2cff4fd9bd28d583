package io.simples.http;

import java.util.List;
import java.util.Objects;

/**
 * The router {@code cors} option: which other origins may call this router from a browser.
 *
 * @param credentials whether cookies and authorization may be sent (the origin is then echoed, never "*")
 * @param headers request headers allowed beyond the simple ones
 * @param methods methods allowed
 * @param origins allowed origins: empty for the same host only; a leading "*" for any origin
 *                except those listed after it; "null" for local files
 */
public record CorsOptions(boolean credentials, List<String> headers, List<String> methods, List<String> origins) {

    private static final CorsOptions DEFAULTS = new CorsOptions(false, List.of(),
            List.of("DELETE", "GET", "HEAD", "POST", "PUT"), List.of());

    /**
     * Checks the options and copies the lists, so that later changes to them do not count.
     *
     * @param credentials whether cookies and authorization may be sent
     * @param headers request headers allowed beyond the simple ones
     * @param methods methods allowed
     * @param origins allowed origins, as the class comment says
     * @throws NullPointerException when a list is null or holds null
     */
    public CorsOptions {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        methods = List.copyOf(Objects.requireNonNull(methods, "methods"));
        origins = List.copyOf(Objects.requireNonNull(origins, "origins"));
    }

    /**
     * Same host only, no credentials, DELETE GET HEAD POST PUT.
     *
     * @return the default options
     */
    public static CorsOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options for other origins: {@code CorsOptions.defaults().origins("https://app.example")}.
     *
     * @param values the allowed origins: empty for the same host only; a leading "*" for any origin
     *               except those listed after it; "null" for local files
     * @return these options with {@code origins} set to {@code values}
     */
    public CorsOptions origins(String... values) {
        return new CorsOptions(credentials, headers, methods, List.of(values));
    }

    /**
     * These options with credentials allowed, or not.
     *
     * @param value true to let cookies and authorization be sent (the origin is then echoed, never "*")
     * @return these options with {@code credentials} set to {@code value}
     */
    public CorsOptions credentials(boolean value) {
        return new CorsOptions(value, headers, methods, origins);
    }

    /**
     * These options with other request headers allowed.
     *
     * @param names the headers allowed beyond the simple ones
     * @return these options with {@code headers} set to {@code names}
     */
    public CorsOptions headers(String... names) {
        return new CorsOptions(credentials, List.of(names), methods, origins);
    }

    /**
     * These options with other methods allowed.
     *
     * @param names the methods allowed, such as {@code "GET"}
     * @return these options with {@code methods} set to {@code names}
     */
    public CorsOptions methods(String... names) {
        return new CorsOptions(credentials, headers, List.of(names), origins);
    }
}
