package io.simples.http;

import java.time.Duration;

/**
 * The attributes of a cookie set with {@link HTTPConnection#cookie(String, String, CookieOptions)}.
 *
 * @param maxAge how long the browser keeps it, or {@code null} for the browser session
 * @param path the path it is sent for ("/" by default)
 * @param domain the domain it is sent to, or {@code null} for this host only
 * @param secure sent over HTTPS only
 * @param httpOnly hidden from scripts (true by default)
 * @param sameSite "Strict", "Lax" (the default), "None", or {@code null} to leave it out
 */
public record CookieOptions(Duration maxAge, String path, String domain, boolean secure, boolean httpOnly,
                            String sameSite) {

    private static final CookieOptions DEFAULTS = new CookieOptions(null, "/", null, false, true, "Lax");

    /**
     * Browser session, path "/", this host, HttpOnly, SameSite=Lax.
     *
     * @return the default options
     */
    public static CookieOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with another lifetime.
     *
     * @param value how long the browser keeps the cookie, or {@code null} for the browser session
     * @return these options with {@code maxAge} set to {@code value}
     */
    public CookieOptions maxAge(Duration value) {
        return new CookieOptions(value, path, domain, secure, httpOnly, sameSite);
    }

    /**
     * These options for HTTPS only, or not.
     *
     * @param value true to have the cookie sent over HTTPS only
     * @return these options with {@code secure} set to {@code value}
     */
    public CookieOptions secure(boolean value) {
        return new CookieOptions(maxAge, path, domain, value, httpOnly, sameSite);
    }

    /**
     * These options with the cookie hidden from scripts, or not.
     *
     * @param value true to hide the cookie from scripts
     * @return these options with {@code httpOnly} set to {@code value}
     */
    public CookieOptions httpOnly(boolean value) {
        return new CookieOptions(maxAge, path, domain, secure, value, sameSite);
    }

    /**
     * These options with another path.
     *
     * @param value the path the cookie is sent for
     * @return these options with {@code path} set to {@code value}
     */
    public CookieOptions path(String value) {
        return new CookieOptions(maxAge, value, domain, secure, httpOnly, sameSite);
    }

    /**
     * These options with another domain.
     *
     * @param value the domain the cookie is sent to (its subdomains too), or {@code null} for this host only
     * @return these options with {@code domain} set to {@code value}
     */
    public CookieOptions domain(String value) {
        return new CookieOptions(maxAge, path, value, secure, httpOnly, sameSite);
    }

    /**
     * These options with another {@code SameSite} attribute.
     *
     * @param value "Strict", "Lax", "None", or {@code null} to leave it out
     * @return these options with {@code sameSite} set to {@code value}
     */
    public CookieOptions sameSite(String value) {
        return new CookieOptions(maxAge, path, domain, secure, httpOnly, value);
    }
}
